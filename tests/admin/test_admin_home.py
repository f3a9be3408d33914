"""The admin home (sections, « À traiter »), the calendar and the link report."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backoffice.admin_site import SECTIONS, section_of
from backoffice.linkcheck import LinkChecker, internal_path, links_in
from core.models import Image, SiteIdentity
from core.registry import ScheduleEvent, register_admin_attention, register_schedule

pytestmark = pytest.mark.django_db


def section_names(response):
    return [str(app["name"]) for app in response.context["app_list"]]


def test_admin_home_groups_models_by_task_in_french(staff_client, site_content):
    response = staff_client.get(reverse("admin:index"))
    html = response.content.decode()
    assert "Administration du site du master IPPS" in html
    assert section_names(response) == [
        "Présentation",
        "Actualités",
        "Anciens étudiants",
        "Documents",
        "Messages",
        "Réglages du site",
    ]
    models_by_section = {
        section["name"]: [m["object_name"] for m in section["models"]]
        for section in response.context["app_list"]
    }
    assert models_by_section["Présentation"][:4] == [
        "AcademicYear",
        "Programme",
        "Section",
        "Semester",
    ]
    assert models_by_section["Anciens étudiants"][0] == "Submission"
    assert models_by_section["Messages"] == ["ContactMessage"]
    assert models_by_section["Réglages du site"] == ["SiteIdentity", "Redirect", "ApprovalSetting"]


def test_superuser_also_sees_accounts_last(superuser_client):
    names = section_names(superuser_client.get(reverse("admin:index")))
    assert names[-1] == "Comptes et sécurité"
    assert names.index("Présentation") < names.index("Réglages du site")


def test_future_models_fall_into_their_apps_section():
    assert section_of("news", "event") == ("actualites", 1000)
    assert section_of("alumni", "testimonial")[0] == "anciens"
    assert section_of("programme", "contactmessage")[0] == "messages"
    assert section_of("documents", "somethingmessage")[0] == "messages"
    assert section_of("unknownapp", "thing")[0] == "reglages"
    assert set(SECTIONS) >= {"presentation", "actualites", "anciens", "documents", "messages"}


def test_app_pages_still_work_for_one_app(staff_client):
    response = staff_client.get(reverse("admin:app_list", args=["programme"]))
    assert response.status_code == 200


def test_home_panel_shows_counts_with_links(staff_client, isolated_admin_registry, image):
    register_admin_attention(
        "images",
        "Images à vérifier",
        lambda: Image.objects.count(),
        lambda: reverse("admin:core_image_changelist"),
    )
    register_admin_attention("rien", "Jamais affiché", lambda: 0, lambda: "/")
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "À traiter" in html
    assert f'<a href="{reverse("admin:core_image_changelist")}">Images à vérifier</a>' in html
    assert '<strong class="attention__count">1</strong>' in html
    assert "Jamais affiché" not in html


def test_home_panel_says_when_nothing_waits(staff_client, isolated_admin_registry):
    from core import registry

    registry._admin_attention.clear()
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "Rien en attente" in html


@pytest.fixture
def three_events(isolated_admin_registry):
    """A document expiring in 20 days, news in 3 days (dated by day), one in 200 days."""
    now = timezone.now()
    events = [
        ScheduleEvent(
            at=now + timedelta(days=20),
            kind="Expiration",
            label="Calendrier 2026",
            category="Documents",
            admin_url="/modifier/",
        ),
        ScheduleEvent(
            at=(now + timedelta(days=3)).date(),
            kind="Publication",
            label="Journée portes ouvertes",
            category="Actualités",
            public_url="/actualites/jpo/",
        ),
        ScheduleEvent(
            at=now + timedelta(days=200), kind="Publication", label="Soutenances", category="X"
        ),
    ]

    def due(start, end):
        return [event for event in events if event.at.isoformat() < end.isoformat()]

    register_schedule("test", due)


def test_calendar_lists_registered_events_in_date_order(staff_client, three_events):
    response = staff_client.get(reverse("admin:calendar"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Journée portes ouvertes") < html.index("Calendrier 2026")
    assert '<a href="/modifier/">Calendrier 2026</a>' in html
    assert '<a href="/actualites/jpo/">Voir sur le site</a>' in html
    assert "Soutenances" not in html


def test_calendar_period_can_be_widened_and_ignores_bad_values(staff_client, three_events):
    assert (
        "Soutenances"
        in staff_client.get(reverse("admin:calendar"), {"jours": 365}).content.decode()
    )
    for bad in ["abc", "-5", "100000"]:
        response = staff_client.get(reverse("admin:calendar"), {"jours": bad})
        assert response.status_code == 200
        assert response.context["days"] == 90


def test_reports_are_for_staff_only(client):
    for name in ["admin:calendar", "admin:link_report"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_links_are_read_from_html():
    html = '<p><a href="/formation/">Formation</a> <a>sans lien</a> <a href=" /x/ ">x</a></p>'
    assert links_in(html) == ["/formation/", "/x/"]


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/documents/calendrier/", "/documents/calendrier/"),
        ("formation/", "/formation/"),
        ("https://localhost/actualites/?page=2", "/actualites/?page=2"),
        ("https://www.univ-lorraine.fr/", None),
        ("mailto:scolarite@univ-lorraine.fr", None),
        ("#programme", None),
    ],
)
def test_only_links_to_this_site_are_checked(href, expected, settings):
    assert internal_path(href, settings.ALLOWED_HOSTS) == expected


def test_link_checker_tells_missing_pages_from_working_ones(site_content):
    checker = LinkChecker("localhost")
    assert checker.problem("/") is None
    assert checker.problem(reverse("health")) is None
    assert checker.problem("/nexiste-pas/") == "adresse inconnue sur le site"
    assert checker.problem("/media/images/disparue.jpg") == "fichier introuvable"


def test_link_checker_finds_stored_media(image):
    checker = LinkChecker("localhost")
    assert checker.problem(image.file.url) is None


def test_link_report_runs_on_demand(staff_client, site_content):
    page = staff_client.get(reverse("admin:link_report"))
    assert "Lancer la vérification" in page.content.decode()
    assert page.context["report"] is None
    result = staff_client.get(reverse("admin:link_report"), {"verifier": "1"})
    assert result.status_code == 200
    assert result.context["report"].broken == []
    assert (
        "liens internes vérifiés" in result.content.decode()
        or "lien interne vérifié" in result.content.decode()
    )


def test_check_links_command_reports_success(capsys, site_content):
    call_command("check_links")
    assert "0 à corriger" in capsys.readouterr().out


@pytest.fixture
def stored_menus(settings):
    # The side menu is kept per content version, as the public pages' pieces are.
    settings.FRAGMENT_CACHE_SECONDS = 600
    admin.site._app_lists.clear()


def menu_models(response):
    return {
        model["object_name"]
        for section in response.context["app_list"]
        for model in section["models"]
    }


def test_the_side_menu_follows_a_permission_change_on_the_next_request(
    staff_client, secretariat_user, site_content, stored_menus
):
    assert "NewsItem" in menu_models(staff_client.get(reverse("admin:index")))
    group = secretariat_user.groups.get()
    group.permissions.remove(
        *Permission.objects.filter(content_type__app_label="news", content_type__model="newsitem")
    )
    assert "NewsItem" not in menu_models(staff_client.get(reverse("admin:index")))


def test_the_side_menu_offers_to_add_a_setting_only_while_none_exists(
    superuser_client, site_content, stored_menus, django_capture_on_commit_callbacks
):
    def identity_add_url():
        response = superuser_client.get(reverse("admin:index"))
        (identity,) = [
            model
            for section in response.context["app_list"]
            for model in section["models"]
            if model["object_name"] == "SiteIdentity"
        ]
        return identity["add_url"]

    SiteIdentity.load()
    assert identity_add_url() is None
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        SiteIdentity.objects.all().delete()
    assert identity_add_url() == reverse("admin:core_siteidentity_add")
