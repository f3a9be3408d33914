"""Only consented fields reach the public HTML, for every combination of consents."""

import itertools

import pytest
from django.urls import reverse

from alumni.models import AlumnusStatus
from tests.alumni.conftest import jpeg_upload

pytestmark = pytest.mark.django_db

COMBINATIONS = list(itertools.product([False, True], repeat=4))


def combination_id(combination):
    names = ("nom", "poste", "photo", "temoignage")
    return "-".join(
        name if granted else f"sans_{name}"
        for name, granted in zip(names, combination, strict=True)
    )


@pytest.fixture
def full_alumnus(make_alumnus, make_photo):
    def build(name, career, photo, testimonial, **kwargs):
        return make_alumnus(
            first_name="Amélie",
            last_name="Consentie",
            position="Cheffe de projet insertion",
            employer="Conseil départemental de la Moselle",
            city="Sarreguemines",
            profile_url="https://www.linkedin.com/in/amelie-consentie",
            photo=make_photo(file=jpeg_upload("photo-confidentielle.jpg")),
            testimonial="Un master qui ouvre les portes des collectivités.",
            is_highlighted=True,
            consents_to_name=name,
            consents_to_career=career,
            consents_to_photo=photo,
            consents_to_testimonial=testimonial,
            **kwargs,
        )

    return build


def assert_page_shows_only_consented(html, alumnus, name, career, photo, testimonial):
    visible = name  # without consent to the name, nothing of the person appears at all
    assert ("Amélie Consentie" in html) is visible
    for career_text in (
        "Cheffe de projet insertion",
        "Conseil départemental de la Moselle",
        "Sarreguemines",
        "linkedin.com/in/amelie-consentie",
    ):
        assert (career_text in html) is (visible and career), career_text
    assert (alumnus.photo.src in html) is (visible and photo)
    # Served by the photo view under a random key: neither the uploaded file's name nor the
    # stored one ever reaches the page.
    assert "photo-confidentielle" not in alumnus.photo.file.name
    assert "photo-confidentielle" not in html
    assert all(stored not in html for stored in alumnus.photo.stored_names())
    assert ("Un master qui ouvre les portes" in html) is (visible and testimonial)
    assert "@exemple.fr" not in html  # the e-mail is never public


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_directory_shows_exactly_the_consented_fields(client, full_alumnus, combination):
    alumnus = full_alumnus(*combination)
    html = client.get(reverse("alumni:directory")).content.decode()
    assert_page_shows_only_consented(html, alumnus, *combination)


@pytest.mark.parametrize("combination", COMBINATIONS, ids=combination_id)
def test_home_page_testimonial_shows_exactly_the_consented_fields(
    client, site_content, full_alumnus, combination
):
    name, career, photo, testimonial = combination
    alumnus = full_alumnus(*combination)
    html = client.get(reverse("home")).content.decode()
    # The home page shows a testimonial, so nothing at all without that consent.
    shown = name and testimonial
    assert ("Amélie Consentie" in html) is shown
    assert ("Conseil départemental de la Moselle" in html) is (shown and career)
    assert (alumnus.photo.src in html) is (shown and photo)
    assert "photo-confidentielle" not in html
    assert all(stored not in html for stored in alumnus.photo.stored_names())
    assert ("Un master qui ouvre les portes" in html) is shown


@pytest.mark.parametrize("status", [AlumnusStatus.PENDING, AlumnusStatus.HIDDEN])
def test_pending_and_hidden_alumni_never_appear(client, site_content, full_alumnus, status):
    full_alumnus(True, True, True, True, status=status)
    for url in (reverse("alumni:directory"), reverse("home")):
        html = client.get(url).content.decode()
        assert "Amélie Consentie" not in html
        assert "/photos/" not in html


def test_search_ignores_the_employer_of_someone_who_did_not_consent_to_it(client, make_alumnus):
    make_alumnus(first_name="Visible", last_name="Partout", employer="Mairie de Woippy")
    make_alumnus(
        first_name="Discret",
        last_name="Employeur",
        employer="Mairie de Woippy",
        consents_to_career=False,
    )
    html = client.get(reverse("alumni:directory"), {"q": "Woippy"}).content.decode()
    assert "Visible Partout" in html
    assert "Discret Employeur" not in html
    # By name, the discreet alumnus is found, without their employer.
    html = client.get(reverse("alumni:directory"), {"q": "Discret"}).content.decode()
    assert "Discret Employeur" in html
    assert "Mairie de Woippy" not in html


def test_sector_filter_ignores_alumni_who_did_not_consent_to_career(client, make_alumnus, sectors):
    state = sectors["État"]
    make_alumnus(first_name="Agent", last_name="Public", sector=state)
    make_alumnus(first_name="Agent", last_name="Secret", sector=state, consents_to_career=False)
    html = client.get(reverse("alumni:directory"), {"secteur": state.pk}).content.decode()
    assert "Agent Public" in html
    assert "Agent Secret" not in html


def test_search_content_kind_only_offers_alumni_consenting_to_name_and_career(make_alumnus):
    from core.registry import content_kinds

    kind = next(kind for kind in content_kinds() if kind.key == "alumni")
    both = make_alumnus()
    make_alumnus(consents_to_career=False)
    make_alumnus(consents_to_name=False)
    make_alumnus(status=AlumnusStatus.HIDDEN)
    assert list(kind.public_queryset()) == [both]
    assert kind.search_fields[0] == "full_name"
    assert both.get_absolute_url().startswith(reverse("alumni:directory"))
