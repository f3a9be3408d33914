import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from backoffice.admin_site import SecretariatAdminSite
from backoffice.roles import (
    PROGRAMME_MANAGER,
    SECRETARIAT,
    sync_roles,
)
from core.registry import content_apps
from tests.staff import sign_in_two_step

pytestmark = pytest.mark.django_db

# Every app declared as content, the toolkit's and the site pages' included.
CONTENT_APP_LABELS = {content_app.label for content_app in content_apps()}


# Approval before publication: the Secrétariat lists the changes waiting for approval and
# chooses which kinds wait; approving them is the Responsable pédagogique's.
SECRETARIAT_WORKFLOW = {
    ("backoffice", "view_pendingrevision"),
    ("backoffice", "view_approvalsetting"),
    ("backoffice", "change_approvalsetting"),
}


def group_permissions(name):
    return set(
        Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    )


def test_migrate_creates_both_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {SECRETARIAT, PROGRAMME_MANAGER}


def test_secretariat_gets_every_content_permission_and_nothing_about_accounts():
    permissions = group_permissions(SECRETARIAT)
    expected = set(
        Permission.objects.filter(content_type__app_label__in=CONTENT_APP_LABELS).values_list(
            "content_type__app_label", "codename"
        )
    ) | {("redirects", f"{action}_redirect") for action in ("add", "change", "delete", "view")}
    assert permissions == expected | SECRETARIAT_WORKFLOW
    assert ("programme", "change_programme") in permissions
    assert ("core", "delete_image") in permissions
    labels = {app_label for app_label, _codename in permissions}
    assert {"core", "pages", "programme", "news", "alumni", "documents"} <= labels
    assert labels.isdisjoint({"auth", "contenttypes", "sessions", "admin", "axes", "reversion"})


def test_programme_manager_edits_the_presentation_but_deletes_nothing():
    permissions = group_permissions(PROGRAMME_MANAGER)
    assert ("programme", "change_programme") in permissions
    assert ("core", "view_siteidentity") in permissions
    assert ("core", "change_siteidentity") not in permissions
    assert not [codename for _app, codename in permissions if codename.startswith("delete_")]
    assert {app for app, _codename in permissions}.isdisjoint({"auth", "axes"})


def test_sync_is_idempotent_and_removes_permissions_added_by_hand():
    group = Group.objects.get(name=SECRETARIAT)
    before = group_permissions(SECRETARIAT)
    group.permissions.add(Permission.objects.get(codename="change_user"))
    sync_roles()
    sync_roles()
    assert group_permissions(SECRETARIAT) == before
    assert Group.objects.filter(name=SECRETARIAT).count() == 1


def test_sync_roles_command_recreates_a_deleted_group(capsys):
    Group.objects.filter(name=PROGRAMME_MANAGER).delete()
    call_command("sync_roles")
    assert Group.objects.filter(name=PROGRAMME_MANAGER).exists()
    assert "Groupes à jour" in capsys.readouterr().out


def content_admins():
    from django.contrib import admin

    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in CONTENT_APP_LABELS
    ]


def test_the_admin_site_is_the_secretariat_one():
    from django.contrib import admin

    assert isinstance(admin.site, SecretariatAdminSite)
    assert content_admins(), "no content admin registered"


def test_secretariat_reaches_every_content_admin(staff_client, site_content, image):
    for model, model_admin in content_admins():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        query = {"q": "IPPS"} if model_admin.search_fields else {}
        response = staff_client.get(changelist, query)
        assert response.status_code == 200, opts.label
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            response = staff_client.get(change)
            assert response.status_code == 200, opts.label
            assert "Historique" in response.content.decode()
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        expected = 200 if model_admin.has_add_permission(response.wsgi_request) else 403
        assert staff_client.get(add).status_code == expected, opts.label


def test_secretariat_can_add_an_image(staff_client):
    from core.models import Image

    from .conftest import png_upload

    response = staff_client.post(
        reverse("admin:core_image_add"),
        {"file": png_upload(), "alt_text": "Amphithéâtre du Saulcy", "credit": ""},
    )
    assert response.status_code == 302
    assert Image.objects.get().alt_text == "Amphithéâtre du Saulcy"


@pytest.mark.parametrize(
    "url_name",
    ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"],
)
def test_secretariat_cannot_reach_user_management(staff_client, url_name):
    assert staff_client.get(reverse(url_name)).status_code == 403


def test_secretariat_home_lists_no_account_section(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "Utilisateurs" not in html and "Comptes et sécurité" not in html


def test_programme_manager_edits_the_card_but_not_the_identity_nor_deletes(
    client, programme_manager, site_content, image
):
    sign_in_two_step(client, programme_manager)
    assert client.get(reverse("admin:programme_programme_change", args=[1])).status_code == 200
    identity = client.get(reverse("admin:core_siteidentity_change", args=[1]))
    assert identity.status_code == 200
    assert 'name="ufr_name"' not in identity.content.decode()  # read-only view
    assert client.get(reverse("admin:core_image_delete", args=[image.pk])).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


# Every model of the content apps, by name: a model added later must be placed in a role
# deliberately (this list and the group are then updated together).
CONTENT_MODELS = {
    "core": {"siteidentity", "image", "previewlink"},
    "pages": {"page", "contactmessage"},
    "programme": {
        "academicyear",
        "programme",
        "programmecontact",
        "admissionphase",
        "section",
        "semester",
        "teachingunit",
        "course",
        "officialinsertionfigure",
        "skillblock",
    },
    "news": {"category", "newsitem"},
    "alumni": {"sector", "alumnus", "consentrecord", "submission", "officialoutcome", "portrait"},
    "documents": {"category", "document"},
    "redirects": {"redirect"},
}


def test_the_content_apps_hold_exactly_the_models_listed_here():
    from django.apps import apps

    for app_label, model_names in CONTENT_MODELS.items():
        present = {model._meta.model_name for model in apps.get_app_config(app_label).get_models()}
        assert present == model_names, app_label


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    sorted((app, model) for app, models in CONTENT_MODELS.items() for model in models),
)
def test_secretariat_may_add_change_delete_and_view_each_content_model(app_label, model_name):
    permissions = group_permissions(SECRETARIAT)
    for action in ("add", "change", "delete", "view"):
        assert (app_label, f"{action}_{model_name}") in permissions


def test_secretariat_has_nothing_on_accounts_history_logins_or_operations():
    permissions = group_permissions(SECRETARIAT)
    labels = {app_label for app_label, _codename in permissions - SECRETARIAT_WORKFLOW}
    assert labels == set(CONTENT_MODELS)
    assert ("backoffice", "review_pendingrevision") not in permissions


def test_only_the_programme_manager_approves_changes():
    assert ("backoffice", "review_pendingrevision") in group_permissions(PROGRAMME_MANAGER)


def test_programme_manager_edits_the_curriculum_and_news_but_not_the_site_or_people():
    permissions = group_permissions(PROGRAMME_MANAGER)
    for model in ["programme", "section", "semester", "teachingunit", "course"]:
        assert ("programme", f"change_{model}") in permissions
    assert ("core", "change_image") in permissions
    assert ("programme", "add_admissionphase") in permissions
    assert ("news", "add_newsitem") in permissions
    for app_label, model in [
        ("core", "siteidentity"),
        ("pages", "page"),
        ("pages", "contactmessage"),
        ("alumni", "submission"),
        ("alumni", "alumnus"),
        ("documents", "document"),
        ("redirects", "redirect"),
    ]:
        assert (app_label, f"view_{model}") in permissions
        assert (app_label, f"change_{model}") not in permissions


def run_action(client, changelist, action, obj):
    return client.post(
        changelist,
        {"action": action, "_selected_action": [obj.pk], "confirmation": "oui"},
    )


def test_read_only_staff_cannot_run_the_actions_that_change_content(client, programme_manager):
    from alumni.models import SubmissionStatus

    from .conftest import make_contact_message, make_document, make_submission

    sign_in_two_step(client, programme_manager)
    draft = make_document(status="draft", published_at=None)
    submission = make_submission()
    message = make_contact_message()
    for changelist, action, obj in [
        ("admin:documents_document_changelist", "publish_now", draft),
        ("admin:alumni_submission_changelist", "approve", submission),
        ("admin:pages_contactmessage_changelist", "mark_handled", message),
    ]:
        url = reverse(changelist)
        listing = client.get(url)
        assert listing.status_code == 200
        action_form = listing.context["action_form"]
        offered = dict(action_form.fields["action"].choices) if action_form else {}
        assert action not in offered
        run_action(client, url, action, obj)
    draft.refresh_from_db()
    submission.refresh_from_db()
    message.refresh_from_db()
    assert draft.status == "draft"
    assert submission.status == SubmissionStatus.PENDING
    assert message.is_handled is False


def test_programme_manager_works_on_curriculum_and_news_and_only_reads_the_rest(
    client, programme_manager, site_content
):
    from pages.models import Page
    from programme.models import Section

    from .conftest import make_document, make_news

    sign_in_two_step(client, programme_manager)
    section = Section.objects.first()
    news = make_news()
    for url_name, args in [
        ("admin:programme_section_change", [section.pk]),
        ("admin:news_newsitem_change", [news.pk]),
        ("admin:news_newsitem_add", []),
        ("admin:programme_admissionphase_add", []),
        ("admin:core_image_add", []),
    ]:
        response = client.get(reverse(url_name, args=args))
        assert response.status_code == 200, url_name
        assert 'name="_save"' in response.content.decode(), url_name
    read_only = [
        ("admin:pages_page_change", [Page.objects.first().pk]),
        ("admin:documents_document_change", [make_document().pk]),
    ]
    for url_name, args in read_only:
        response = client.get(reverse(url_name, args=args))
        assert response.status_code == 200, url_name
        assert 'name="_save"' not in response.content.decode(), url_name
    assert client.get(reverse("admin:news_newsitem_delete", args=[news.pk])).status_code == 403
