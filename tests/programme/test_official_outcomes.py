"""/formation/ shows the latest InserSup figures, sourced and dated, or nothing at all."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programme.models import OfficialInsertionFigure
from tests.html import element_by_id, parse_html, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]

URL = reverse("programme:presentation")


def make_figure(cohort="2021", discipline="Sociologie, démographie", **fields):
    values = {
        "uai": "0542493S",
        "institution": "Université de Lorraine",
        "degree": "Master LMD",
        "graduates": 84,
        "insertion_rate_6_months": Decimal("61.5"),
        "insertion_rate_12_months": Decimal("78.2"),
        "insertion_rate_18_months": Decimal("83.0"),
        "further_study_rate": Decimal("9.5"),
        "file_date": date(2025, 3, 12),
        "imported_at": timezone.now(),
    }
    return OfficialInsertionFigure.objects.create(
        cohort=cohort, discipline=discipline, **{**values, **fields}
    )


def block(client):
    response = client.get(URL)
    assert response.status_code == 200
    return element_by_id(parse_html(response), "chiffres-officiels")


def test_the_latest_cohorts_figures_are_shown_in_an_accessible_table(client):
    make_figure(cohort="2020", graduates=79)
    make_figure(cohort="2021")

    section = block(client)

    assert text_of(section.find("h3")) == "Chiffres officiels d'insertion (InserSup)"
    table = section.find(".//table")
    assert "promotion 2021" in text_of(table.find("caption"))
    headers = [(th.get("scope"), text_of(th)) for th in table.iter("th")]
    assert headers == [
        ("col", "Diplôme et discipline"),
        ("col", "Promotion"),
        ("col", "Sortants"),
        ("col", "Insertion à 6 mois"),
        ("col", "Insertion à 12 mois"),
        ("col", "Insertion à 18 mois"),
        ("col", "Poursuite d'études"),
        ("row", "Master LMD · Sociologie, démographie"),
    ]
    [row] = table.find("tbody").iter("tr")
    assert [text_of(cell) for cell in row.iter("td")] == [
        "2021",
        "84",
        "61,5 %",
        "78,2 %",
        "83 %",
        "9,5 %",
    ]


def test_a_figure_the_ministry_did_not_publish_reads_as_not_available(client):
    make_figure(cohort="2021", discipline="Histoire", insertion_rate_6_months=None)
    make_figure(cohort="2021")

    rows = block(client).find(".//tbody").findall("tr")

    assert [text_of(row.find("th")) for row in rows] == [
        "Master LMD · Histoire",
        "Master LMD · Sociologie, démographie",
    ]
    cell = rows[0].findall("td")[2]
    assert cell.find("span[@aria-hidden='true']").text == "—"
    assert text_of(cell.find("span[@class='visually-hidden']")) == "non disponible"


def test_the_source_the_file_date_and_both_scopes_are_explained(client):
    make_figure()

    section = block(client)

    text = text_of(section)
    assert "tous les sortants du diplôme et de la discipline" in text
    assert "Université de Lorraine" in text
    assert "pas sur le seul master" in text
    assert "fichier du 12 mars 2025" in text
    source = section.find(".//p[@class='official-outcomes__source']/a")
    assert source.get("href").startswith("https://data.enseignementsup-recherche.gouv.fr/")
    assert "InserSup" in text_of(source)
    links = {a.get("href"): text_of(a) for a in section.iter("a")}
    assert links[reverse("alumni:directory")] == "Anciens étudiants"


def test_nothing_is_said_when_there_are_no_figures(client):
    response = client.get(URL)

    assert element_by_id(parse_html(response), "chiffres-officiels") is None
    assert "InserSup" not in response.content.decode()


def count_queries(client):
    client.get(URL)  # warm the cached identity and phases, as on a live site
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_figures_cost_one_query_whatever_their_number(client):
    without = count_queries(client)
    make_figure()
    with_one = count_queries(client)
    for year in range(2010, 2021):
        for discipline in ("Histoire", "Sociologie", "Géographie"):
            make_figure(cohort=str(year), discipline=discipline)
    make_figure(cohort="2021", discipline="Histoire")

    assert with_one == without
    assert count_queries(client) == without
