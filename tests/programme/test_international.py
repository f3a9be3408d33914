"""The « Candidats internationaux » page, in French and English: how to apply from each
situation, from the fiche (phases and dates, French level, fees, contacts)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programme.models import AdmissionPhase, Programme
from tests.html import element_by_id, links, parse_html, text_of
from tests.languages import url_in
from tests.programme.conftest import make_international_fiche

pytestmark = pytest.mark.django_db

SITUATIONS = ("ue-eee-suisse", "etudes-en-france", "autres-pays", "deja-en-france")


@pytest.fixture
def fiche(site_content):
    programme = make_international_fiche()
    programme.fees_notes = "<p>Exonération possible pour les boursiers.</p>"
    programme.save()
    today = timezone.localdate()
    AdmissionPhase.objects.create(
        track="m2",
        label="Dossier",
        opens_on=today + timedelta(days=40),
        closes_on=today + timedelta(days=60),
        url="https://candidature.example.org/",
    )
    return programme


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_situation_has_its_own_part_reached_from_the_list(client, fiche, language):
    response = client.get(url_in(language, "programme:international"))
    assert response.status_code == 200
    tree = parse_html(response)
    nav = tree.find(".//nav[@aria-labelledby='situations-titre']")
    assert links(nav) == {f"#{anchor}" for anchor in SITUATIONS}
    for anchor in SITUATIONS:
        part = element_by_id(tree, anchor)
        assert part is not None and part.find("h2") is not None, anchor


def situation_text(tree, anchor):
    return text_of(element_by_id(tree, anchor))


def test_each_situation_says_how_to_apply_from_the_fiche(client, fiche):
    tree = parse_html(client.get(url_in("fr", "programme:international")))
    eu = element_by_id(tree, "ue-eee-suisse")
    assert "MonMaster" in text_of(eu) and fiche.monmaster_url in links(eu)
    assert "mêmes droits d'inscription que les étudiants français" in text_of(eu)
    campus_france = element_by_id(tree, "etudes-en-france")
    assert fiche.international_url in links(campus_france)
    assert "visa" in text_of(campus_france)
    elsewhere = element_by_id(tree, "autres-pays")
    assert "consulat" in text_of(elsewhere) and fiche.monmaster_url in links(elsewhere)
    assert "titre de séjour" in situation_text(tree, "deja-en-france")


def test_french_level_dates_fees_and_contacts_come_from_the_fiche(client, fiche):
    tree = parse_html(client.get(url_in("fr", "programme:international")))
    french = situation_text(tree, "niveau-de-francais")
    assert "B2" in french and "DELF B2, DALF C1" in french
    admission = tree.find(".//section[@aria-labelledby='admission-titre']")
    assert "Candidatures ouvertes jusqu'au" in text_of(admission)
    assert "prochaine ouverture le" in text_of(admission)  # the M2's phase, to come
    assert {fiche.monmaster_url, "https://candidature.example.org/"} <= links(admission)
    fees = situation_text(tree, "frais")
    assert "250" in fees and "Exonération possible pour les boursiers." in fees
    contact = element_by_id(tree, "contact-international")
    assert "mailto:international@example.org" in links(contact)
    assert "mailto:secretariat@example.org" in links(contact)
    assert "Scolarité" in text_of(contact)


def test_the_english_page_reads_the_fiche_in_english_with_french_marked(client, fiche):
    response = client.get(url_in("en", "programme:international"))
    tree = parse_html(response)
    certificates = element_by_id(tree, "niveau-de-francais").find(".//dl/div[3]/dd")
    assert text_of(certificates) == "DELF B2, DALF C1 (French language diplomas)"
    assert certificates.get("lang") is None
    fees = element_by_id(tree, "frais").find(".//div[@class='rich-text']")
    assert fees.get("lang") == "fr"
    admission = tree.find(".//section[@aria-labelledby='admission-titre']")
    labels = {text_of(span): span.get("lang") for span in admission.iter("span")}
    assert labels["Main round"] is None and labels["Dossier"] == "fr"
    contact = element_by_id(tree, "contact-international")
    title = next(span for span in contact.iter("span") if text_of(span) == "Student office")
    assert title.get("lang") is None
    assert "Scolarité" not in text_of(contact)
    # The English programme's name in the introduction.
    assert "Public and Social Policy Engineering (IPPS)" in text_of(element_by_id(tree, "contenu"))


def test_a_fiche_without_international_facts_leaves_their_parts_out(client, site_content):
    tree = parse_html(client.get(url_in("fr", "programme:international")))
    assert element_by_id(tree, "niveau-de-francais") is None
    assert element_by_id(tree, "frais") is None
    for anchor in SITUATIONS:
        assert element_by_id(tree, anchor) is not None
    contact = element_by_id(tree, "contact-international")
    assert url_in("fr", "pages:contact") in links(contact)


def test_without_a_fiche_the_page_is_a_404(client, site_content):
    Programme.objects.all().delete()
    assert client.get(url_in("fr", "programme:international")).status_code == 404
    assert client.get(url_in("en", "programme:international")).status_code == 404


def footer_links(tree):
    return links(tree.find(".//footer"))


def test_the_page_is_linked_from_the_fiche_the_home_page_the_footer_and_the_site_map(client, fiche):
    url = url_in("fr", "programme:international")
    fiche_page = parse_html(client.get(url_in("fr", "programme:presentation")))
    assert url in links(element_by_id(fiche_page, "international"))
    assert url in footer_links(fiche_page)
    home = parse_html(client.get(url_in("fr", "home")))
    assert url in links(home.find(".//section[@aria-labelledby='titre-formation-en-bref']"))
    assert url in links(parse_html(client.get(reverse("site_map"))))
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert f"{url}</loc>" in sitemap
    english_page = parse_html(client.get(url_in("en", "programme:presentation")))
    assert url_in("en", "programme:international") in links(
        element_by_id(english_page, "international")
    )


def test_the_menus_follow_the_language_of_each_page(client, fiche):
    english_links = footer_links(parse_html(client.get(url_in("en", "programme:international"))))
    assert url_in("en", "programme:international") in english_links
    french_links = footer_links(parse_html(client.get(url_in("fr", "programme:international"))))
    assert (
        url_in("fr", "programme:international") in french_links
        and url_in("en", "programme:international") not in french_links
    )
