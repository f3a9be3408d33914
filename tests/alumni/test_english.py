"""Alumni testimonials in English: given on the update form, kept through moderation, shown
on English pages only when given."""

import pytest
from django.utils import translation

from alumni import services
from alumni.models import Alumnus, Submission
from alumni.templatetags.alumni import alumni_highlight
from tests.alumni.conftest import started_long_ago
from tests.html import parse_html, text_of
from tests.languages import url_in

pytestmark = pytest.mark.django_db


def quotes(response):
    return [text_of(quote) for quote in parse_html(response).iter("blockquote")]


def test_english_pages_show_only_testimonials_given_in_english(client, make_alumnus):
    make_alumnus(
        consents_to_testimonial=True,
        is_highlighted=True,
        testimonial="Un stage formateur.",
        testimonial_en="A formative internship.",
    )
    make_alumnus(
        consents_to_testimonial=True, is_highlighted=True, testimonial="Seulement en français."
    )
    english = quotes(client.get(url_in("en", "alumni:directory")))
    assert "A formative internship." in english
    assert not [quote for quote in english if "français" in quote or "formateur" in quote]
    french = quotes(client.get(url_in("fr", "alumni:directory")))
    assert "Un stage formateur." in french and "Seulement en français." in french
    assert "A formative internship." not in french


def test_the_english_testimonial_needs_the_same_consent(client, make_alumnus):
    make_alumnus(consents_to_testimonial=False, testimonial_en="Not consented.")
    assert "Not consented." not in client.get(url_in("en", "alumni:directory")).text


def test_the_english_directory_lists_everyone_published(client, make_alumnus):
    alumnus = make_alumnus()
    response = client.get(url_in("en", "alumni:directory"))
    assert response.status_code == 200
    assert alumnus.full_name in response.text


def test_english_home_testimonial_is_an_english_one(make_alumnus):
    make_alumnus(
        consents_to_testimonial=True, is_highlighted=True, testimonial="Seulement en français."
    )
    with translation.override("en"):
        assert alumni_highlight()["profile"] is None
    with translation.override("fr"):
        assert alumni_highlight()["profile"].testimonial == "Seulement en français."


def test_the_update_form_offers_an_optional_english_testimonial(client, sectors):
    tree = parse_html(client.get(url_in("fr", "alumni:update")))
    field = tree.find(".//textarea[@name='testimonial_en']")
    assert field is not None and field.get("lang") == "en"
    assert field.get("required") is None
    label = tree.find(f".//label[@for='{field.get('id')}']")
    assert "anglais" in text_of(label).lower()


def test_the_english_testimonial_is_kept_through_moderation(client, sectors):
    data = {
        "first_name": "Élise",
        "last_name": "Moselle",
        "email": "elise.moselle@exemple.fr",
        "cohort": "2019",
        "sector": str(sectors["Collectivité territoriale"].pk),
        "testimonial": "Le stage m'a ouvert des portes.",
        "testimonial_en": "The internship opened doors for me.",
        "consents_to_name": "on",
        "consents_to_testimonial": "on",
        "form_started": started_long_ago(),
        "website": "",
    }
    response = client.post(url_in("fr", "alumni:update"), data)
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.testimonial_en == "The internship opened doors for me."
    alumnus = services.submission_approve(submission)
    assert Alumnus.objects.get(pk=alumnus.pk).testimonial_en == (
        "The internship opened doors for me."
    )


def test_staff_edit_the_english_testimonial_beside_the_french_one(staff_client, make_alumnus):
    from django.urls import reverse

    alumnus = make_alumnus()
    response = staff_client.get(reverse("admin:alumni_alumnus_change", args=[alumnus.pk]))
    assert response.status_code == 200
    tree = parse_html(response)
    assert tree.find(".//textarea[@name='testimonial_en']") is not None
