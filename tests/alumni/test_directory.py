"""The directory page: grouping, filters, robust query strings, outcomes, constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from alumni.demo import generate_alumni
from alumni.models import Alumnus, OfficialOutcome

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("alumni:directory")


def test_entries_are_grouped_by_cohort_newest_first(client, make_alumnus):
    make_alumnus(first_name="Ancienne", last_name="Promo", cohort=2012)
    make_alumnus(first_name="Récente", last_name="Promo", cohort=2024)
    make_alumnus(first_name="Moyenne", last_name="Promo", cohort=2018)
    html = client.get(DIRECTORY).content.decode()
    positions = [html.index(f"Promotion {year}</h3>") for year in (2024, 2018, 2012)]
    assert positions == sorted(positions)
    assert html.index("Récente Promo") < html.index("Moyenne Promo") < html.index("Ancienne Promo")


def test_filter_by_cohort_and_sector(client, make_alumnus, sectors):
    make_alumnus(first_name="Léa", last_name="Collectivité", cohort=2019,
                 sector=sectors["Collectivité territoriale"])  # fmt: skip
    make_alumnus(first_name="Hugo", last_name="Association", cohort=2019)
    make_alumnus(first_name="Inès", last_name="Autreannée", cohort=2021,
                 sector=sectors["Collectivité territoriale"])  # fmt: skip
    response = client.get(
        DIRECTORY, {"promotion": 2019, "secteur": sectors["Collectivité territoriale"].pk}
    )
    html = response.content.decode()
    assert "Léa Collectivité" in html
    assert "Hugo Association" not in html
    assert "Inès Autreannée" not in html
    assert "1 ancien étudiant" in html


def test_search_by_name_or_employer(client, make_alumnus):
    make_alumnus(first_name="Zoé", last_name="Trouvée", employer="CCAS de Metz")
    make_alumnus(first_name="Marc", last_name="Ailleurs", employer="Région Grand Est")
    assert "Zoé Trouvée" in client.get(DIRECTORY, {"q": "trouv"}).content.decode()
    html = client.get(DIRECTORY, {"q": "ccas"}).content.decode()
    assert "Zoé Trouvée" in html
    assert "Marc Ailleurs" not in html


@pytest.mark.parametrize(
    "query",
    [
        {"promotion": "deux-mille"},
        {"promotion": "1850"},
        {"secteur": "abc"},
        {"secteur": "99999"},
        {"promotion": "2020'; DROP TABLE alumni_alumnus;--"},
        {"q": "nul\x00"},
    ],
)
def test_junk_filters_give_a_french_empty_state(client, make_alumnus, query):
    make_alumnus(first_name="Jamais", last_name="Montré")
    response = client.get(DIRECTORY, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ces critères de recherche ne sont pas reconnus" in html
    assert "Jamais Montré" not in html


def test_a_search_without_result_says_so(client, make_alumnus):
    make_alumnus()
    html = client.get(DIRECTORY, {"q": "x" * 500}).content.decode()
    assert "Aucun ancien étudiant ne correspond à ces critères." in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5"])
def test_bad_page_numbers_are_404(client, make_alumnus, page):
    make_alumnus()
    assert client.get(DIRECTORY, {"page": page}).status_code == 404


def test_pages_of_24_keep_the_filters(client, make_alumnus):
    for _ in range(30):
        make_alumnus(cohort=2022)
    html = client.get(DIRECTORY, {"promotion": 2022}).content.decode()
    assert "Page 1 sur 2" in html
    assert "?promotion=2022&amp;page=2#annuaire" in html
    second = client.get(DIRECTORY, {"promotion": 2022, "page": 2}).content.decode()
    assert second.count('class="alumni-card"') == 6


def test_the_directory_uses_the_sites_pagination_landing_on_the_directory(client, make_alumnus):
    for _ in range(30):
        make_alumnus(cohort=2022)
    response = client.get(DIRECTORY, {"promotion": 2022, "page": 2})
    assertContains(response, 'class="pagination" aria-label="Pages de l’annuaire"')
    assertContains(
        response,
        '<span aria-current="page"><span class="visually-hidden">Page </span>2</span>',
        html=True,
    )
    assertContains(
        response,
        '<a class="pagination__step" href="?promotion=2022&amp;page=1#annuaire" rel="prev">'
        '<span aria-hidden="true">←</span> Page précédente</a>',
        html=True,
    )


def test_official_outcomes_are_shown_dated_and_sourced(client, db):
    OfficialOutcome.objects.create(
        cohort=2022,
        insertion_rate_18_months="87.5",
        insertion_rate_30_months="93",
        median_net_monthly_salary=2150,
        response_rate="71.4",
        surveyed_on=datetime.date(2024, 12, 1),
        source_label="Observatoire de l'Université de Lorraine",
        source_url="https://www.univ-lorraine.fr/observatoire/enquete-2022.pdf",
    )
    html = client.get(DIRECTORY).content.decode()
    assert "87,5 %" in html
    assert "93 %" in html
    assert "2150 €" in html
    assert "71,4 %" in html
    assert "enquête du 1er décembre 2024" in html
    assert 'href="https://www.univ-lorraine.fr/observatoire/enquete-2022.pdf"' in html


def test_only_highlighted_consented_testimonials_are_featured(client, make_alumnus):
    make_alumnus(first_name="Mise", last_name="Avant", testimonial="Très belle formation.",
                 consents_to_testimonial=True, is_highlighted=True)  # fmt: skip
    make_alumnus(first_name="Pas", last_name="Choisie", testimonial="Autre témoignage.",
                 consents_to_testimonial=True)  # fmt: skip
    html = client.get(DIRECTORY).content.decode()
    highlights = html[html.index('id="titre-temoignages"') : html.index('id="annuaire"')]
    assert "Très belle formation." in highlights
    assert "Autre témoignage." not in highlights


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


URLS = [
    DIRECTORY,
    DIRECTORY + "?page=2",
    DIRECTORY + "?promotion=2010",
    DIRECTORY + "?q=Martin",
    DIRECTORY + "?secteur=1&q=a",
]


def test_directory_runs_the_same_number_of_queries_for_30_and_3000_alumni(
    client, site_content, sectors, make_photo
):
    def counts():
        # The first requests fill the caches (identity, admission phases); measure after.
        client.get(DIRECTORY)
        client.get(reverse("home"))
        return [queries_for(client, url) for url in URLS + [reverse("home")]]

    generate_alumni(30)
    photo = make_photo()
    Alumnus.objects.filter(pk__in=Alumnus.objects.values("pk")[:10]).update(
        photo=photo, consents_to_photo=True
    )
    small = counts()
    generate_alumni(2970)
    Alumnus.objects.update(photo=photo, consents_to_photo=True)
    assert Alumnus.objects.count() == 3000
    large = counts()
    assert small == large
    assert max(large) <= 10
