"""« À traiter » lists what staff must do, not only what visitors sent: pages to check, the
fiche's missing facts, the contact address, the broken links of the last check."""

from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from backoffice.linkcheck import BrokenLink, LinkReport
from backoffice.models import LinkCheck
from core.models import SiteIdentity
from pages.models import Page
from programme.models import Programme

from .test_attention import changelist_results, panel

pytestmark = pytest.mark.django_db

NOBODY = (
    "Les messages de contact ne sont envoyés à personne : renseignez l'adresse e-mail de contact"
)


def set_contact_email(email):
    identity = SiteIdentity.load() or SiteIdentity()
    identity.contact_email = email
    identity.save()


def test_a_fresh_site_is_not_nothing_pending(staff_client, settings):
    settings.MANAGERS = []
    response = staff_client.get(reverse("admin:index"))
    html = unescape(response.content.decode())
    assert "Rien en attente" not in html
    lines = panel(staff_client)
    flagged = Page.objects.filter(needs_review=True)
    assert flagged.exists()
    count, url = lines["Pages fixes à vérifier (texte proposé à relire)"]
    assert count == flagged.count()
    assert set(changelist_results(staff_client, url)) == set(flagged)
    assert NOBODY in lines
    assert NOBODY in html


def test_missing_fiche_facts_are_counted_and_linked_to_the_fiche(staff_client):
    programme = Programme.load()
    assert programme is not None, "the data migrations give a fresh site its current fiche"
    count, url = panel(staff_client)["Informations manquantes dans la fiche formation"]
    assert count == len(programme.missing_information()) > 0
    assert url == reverse("admin:programme_programme_change", args=[programme.pk])


def test_no_page_line_once_every_page_is_checked(staff_client):
    Page.objects.update(needs_review=False)
    assert "Pages fixes à vérifier (texte proposé à relire)" not in panel(staff_client)


def test_contact_address_lines(staff_client, settings, django_capture_on_commit_callbacks):
    settings.MANAGERS = [("Gestion", "gestion@example.org")]
    lines = panel(staff_client)
    assert NOBODY not in lines
    count, url = lines["Adresse e-mail de contact du site à renseigner"]
    assert count == 1
    assert staff_client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        set_contact_email("ipps@example.org")
    settings.MANAGERS = []
    lines = panel(staff_client)
    assert NOBODY not in lines
    assert "Adresse e-mail de contact du site à renseigner" not in lines


def test_broken_links_of_the_last_check_only(staff_client):
    label = "Liens cassés trouvés par la dernière vérification des liens"
    assert label not in panel(staff_client)
    broken = BrokenLink("Page « Contact »", "texte", "", "/nulle-part/", "page introuvable")
    LinkCheck.record(LinkReport(checked=3, broken=[broken, broken]))
    count, url = panel(staff_client)[label]
    assert count == 2
    assert url == reverse("admin:link_report")
    LinkCheck.record(LinkReport(checked=3, broken=[]))
    assert label not in panel(staff_client)


def test_check_links_command_stores_its_result():
    call_command("check_links")
    last = LinkCheck.last()
    assert last is not None
    assert last.broken == []


def test_the_link_report_shows_the_last_check_the_home_counts(staff_client):
    broken = BrokenLink("Page « Contact »", "texte", "", "/nulle-part/", "page introuvable")
    LinkCheck.record(LinkReport(checked=3, broken=[broken]))
    html = unescape(staff_client.get(reverse("admin:link_report")).content.decode())
    assert "Résultat de la dernière vérification, le" in html
    assert "/nulle-part/" in html and "page introuvable" in html
