"""Approval before publication: a Secrétariat change to a public record waits for the
Responsable pédagogique, visitors keep the published version until it is approved."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from backoffice import workflow
from backoffice.models import ApprovalSetting, PendingRevision, PendingRevisionState
from core.publication import PublicationStatus
from news.models import NewsItem
from operations import content_version
from pages.models import Page
from programme.models import Programme, ProgrammeContact
from tests.admin.conftest import make_news
from tests.contract.html import AdminForm
from tests.html import element_by_id, errors_in, parse_html, text_of
from tests.staff import sign_in_two_step

pytestmark = pytest.mark.django_db

OLD_TEXT = "Texte publié des mentions légales."
NEW_TEXT = "Nouveau texte proposé par le secrétariat."


@pytest.fixture
def legal_page(site_content):
    page = Page.objects.get(slug="mentions-legales")
    page.body = f"<p>{OLD_TEXT}</p>"
    page.needs_review = False
    page.save()
    return page


@pytest.fixture
def reviewer_client(programme_manager):
    return sign_in_two_step(Client(), programme_manager)


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def review_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[obj.pk])


def edit(client, obj, submit=False, **changes):
    """Open the change form, change some values, save it (and submit it)."""
    url = change_url(obj)
    form = AdminForm(parse_html(client.get(url)))
    form.data.update(changes)
    data = {**form.data, "_save": "Enregistrer"}
    if submit:
        data["_soumettre"] = "Enregistrer et soumettre pour validation"
    response = client.post(url, data)
    assert response.status_code == 302, errors_in(parse_html(response))
    return response


def visitor_text(obj):
    response = Client().get(obj.get_absolute_url())
    assert response.status_code == 200
    return text_of(parse_html(response).find(".//main"))


def set_approval(model, required):
    ApprovalSetting.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(model),
        defaults={"approval_required": required},
    )


def test_approval_is_on_by_default_for_the_fixed_pages_and_the_fiche_only():
    assert workflow.approval_required(Page)
    assert workflow.approval_required(Programme)
    assert not workflow.approval_required(NewsItem)


def test_a_secretariat_edit_of_a_live_page_waits_and_visitors_keep_the_published_text(
    legal_page, staff_client, django_capture_on_commit_callbacks
):
    version_before = content_version.current()
    history_before = Version.objects.get_for_object(legal_page).count()

    with django_capture_on_commit_callbacks(execute=True):
        edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")

    legal_page.refresh_from_db()
    assert OLD_TEXT in legal_page.body
    assert OLD_TEXT in visitor_text(legal_page)
    assert NEW_TEXT not in visitor_text(legal_page)
    assert content_version.current() == version_before
    # Only the state kept before the first change may have been added, not the edit.
    assert (
        Version.objects.get_for_object(legal_page)
        .filter(revision__comment__contains=NEW_TEXT)
        .count()
        == 0
    )
    assert Version.objects.get_for_object(legal_page).count() <= history_before + 1
    revision = PendingRevision.objects.get()
    assert revision.state == PendingRevisionState.DRAFT
    assert revision.target() == legal_page


def test_the_change_form_shows_the_pending_content_under_a_banner(legal_page, staff_client):
    edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")

    tree = parse_html(staff_client.get(change_url(legal_page)))
    banner = element_by_id(tree, "validation")
    assert "les visiteurs voient toujours la version publiée" in text_of(banner)
    assert NEW_TEXT in AdminForm(tree).data["body"]
    # Rendering the pending content wrote nothing.
    legal_page.refresh_from_db()
    assert OLD_TEXT in legal_page.body


def test_editing_the_pending_change_again_updates_it_without_a_conflict(legal_page, staff_client):
    edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")
    edit(staff_client, legal_page, title="Mentions légales du master")

    revision = PendingRevision.objects.get()
    page_entry = workflow.pending_object(revision)
    assert NEW_TEXT in page_entry["data"]
    assert "Mentions légales du master" in page_entry["data"]
    legal_page.refresh_from_db()
    assert legal_page.title != "Mentions légales du master"


def test_submitting_mails_the_programme_managers(
    legal_page, staff_client, programme_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")

    revision = PendingRevision.objects.get()
    assert revision.state == PendingRevisionState.SUBMITTED
    assert revision.submitted_by.email == "secretariat@univ-lorraine.fr" or revision.submitted_by
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [programme_manager.email]
    assert "Modification à valider" in mail.outbox[0].subject
    assert review_url(legal_page) in mail.outbox[0].body


def test_the_review_page_compares_the_pending_change_with_the_live_version(
    legal_page, staff_client, reviewer_client
):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")

    tree = parse_html(reviewer_client.get(review_url(legal_page)))
    table = element_by_id(tree, "champs-modifies")
    headers = [text_of(cell) for cell in table.iter("th") if cell.get("scope") == "col"]
    assert headers[1:] == ["Version publiée", "Modification proposée"]
    row = next(row for row in table.iter("tr") if text_of(row).startswith("Texte"))
    old, new = [text_of(cell) for cell in row.iter("td")]
    assert "publié" in old and NEW_TEXT.split()[0] not in old
    assert "Nouveau" in new
    buttons = [
        button.get("value") for button in tree.iter("input") if button.get("type") == "submit"
    ]
    assert "Approuver et publier maintenant" in buttons
    assert "Renvoyer avec un commentaire" in buttons


def test_sending_back_needs_a_comment_then_tells_the_author(
    legal_page, staff_client, reviewer_client, django_capture_on_commit_callbacks
):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")
    mail.outbox.clear()

    response = reviewer_client.post(review_url(legal_page), {"renvoyer": "1", "comment": "  "})
    assert response.status_code == 200
    assert "Écrivez un commentaire" in text_of(
        parse_html(response).find(".//main") or parse_html(response)
    )
    assert PendingRevision.objects.get().state == PendingRevisionState.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            review_url(legal_page), {"renvoyer": "1", "comment": "Ajoutez l'hébergeur."}
        )
    assert response.status_code == 302
    revision = PendingRevision.objects.get()
    assert revision.state == PendingRevisionState.RETURNED
    assert revision.comment == "Ajoutez l'hébergeur."
    assert len(mail.outbox) == 1
    assert "Ajoutez l'hébergeur." in mail.outbox[0].body

    banner = element_by_id(parse_html(staff_client.get(change_url(legal_page))), "validation")
    assert "Ajoutez l'hébergeur." in text_of(banner)
    assert OLD_TEXT in visitor_text(legal_page)


def test_approving_publishes_and_the_history_names_who_submitted_and_who_approved(
    legal_page,
    staff_client,
    reviewer_client,
    secretariat_user,
    programme_manager,
    django_capture_on_commit_callbacks,
):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")
    version_before = content_version.current()

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(review_url(legal_page), {"approuver": "1"})

    assert response.status_code == 302
    assert NEW_TEXT in visitor_text(legal_page)
    assert content_version.current() != version_before
    revision = PendingRevision.objects.get()
    assert revision.state == PendingRevisionState.PUBLISHED
    assert revision.reviewer == programme_manager
    latest = Version.objects.get_for_object(legal_page).select_related("revision").first()
    assert latest.revision.user == programme_manager
    comment = latest.revision.comment
    assert secretariat_user.get_username() in comment
    assert programme_manager.get_username() in comment
    history = reviewer_client.get(reverse("admin:pages_page_history", args=[legal_page.pk]))
    assert "approuvée par" in text_of(parse_html(history).find(".//main") or parse_html(history))


def test_a_change_approved_for_a_later_date_appears_by_itself(
    legal_page,
    staff_client,
    reviewer_client,
    monkeypatch,
    settings,
    django_capture_on_commit_callbacks,
):
    # As in production: each public request reads the content version, which notes when
    # the next scheduled change is due.
    settings.PAGE_CACHE_SECONDS = 600
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")
    at = (timezone.localtime() + timedelta(days=2)).replace(second=0, microsecond=0)

    past = reviewer_client.post(
        review_url(legal_page),
        {"programmer": "1", "publish_at": (at - timedelta(days=4)).strftime("%Y-%m-%dT%H:%M")},
    )
    assert past.status_code == 200
    assert PendingRevision.objects.get().state == PendingRevisionState.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(
            review_url(legal_page),
            {"programmer": "1", "publish_at": at.strftime("%Y-%m-%dT%H:%M")},
        )
    assert response.status_code == 302
    assert PendingRevision.objects.get().state == PendingRevisionState.APPROVED
    content_version.current()
    assert OLD_TEXT in visitor_text(legal_page)

    later = at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert NEW_TEXT in visitor_text(legal_page)
    assert PendingRevision.objects.get().state == PendingRevisionState.PUBLISHED


def test_the_secretariat_cannot_decide(legal_page, staff_client):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")

    assert staff_client.get(review_url(legal_page)).status_code == 200
    response = staff_client.post(review_url(legal_page), {"approuver": "1"})

    assert response.status_code == 403
    assert OLD_TEXT in visitor_text(legal_page)


def test_a_reviewer_saving_directly_publishes_at_once(legal_page, superuser_client):
    edit(superuser_client, legal_page, body=f"<p>{NEW_TEXT}</p>")

    assert NEW_TEXT in visitor_text(legal_page)
    assert not PendingRevision.objects.exists()


def test_a_reviewer_saving_over_a_pending_change_publishes_it(
    legal_page, staff_client, superuser_client
):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")

    edit(superuser_client, legal_page, title="Mentions légales revues")

    legal_page.refresh_from_db()
    assert NEW_TEXT in legal_page.body
    assert legal_page.title == "Mentions légales revues"
    assert PendingRevision.objects.get().state == PendingRevisionState.PUBLISHED


def test_without_the_workflow_saving_publishes_as_before(legal_page, staff_client):
    set_approval(Page, False)

    edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")

    assert NEW_TEXT in visitor_text(legal_page)
    assert not PendingRevision.objects.exists()


def test_drafts_are_saved_directly_even_with_the_workflow(staff_client):
    set_approval(NewsItem, True)
    item = make_news(title="Brouillon de rentrée", status=PublicationStatus.DRAFT)

    edit(staff_client, item, title="Brouillon de rentrée, revu")

    item.refresh_from_db()
    assert item.title == "Brouillon de rentrée, revu"
    assert not PendingRevision.objects.exists()


def test_a_refused_form_keeps_nothing_pending(legal_page, staff_client):
    url = change_url(legal_page)
    form = AdminForm(parse_html(staff_client.get(url)))
    form.data["title"] = ""
    response = staff_client.post(url, {**form.data, "_save": "Enregistrer"})

    assert response.status_code == 200
    assert errors_in(parse_html(response))
    assert not PendingRevision.objects.exists()


def test_abandoning_drops_the_pending_change(legal_page, staff_client):
    edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")
    abandon = reverse("admin:pages_page_abandon", args=[legal_page.pk])

    assert staff_client.post(abandon).status_code == 302

    assert PendingRevision.objects.get().state == PendingRevisionState.ABANDONED
    form = AdminForm(parse_html(staff_client.get(change_url(legal_page))))
    assert OLD_TEXT in form.data["body"]


def test_inline_lines_of_the_fiche_wait_with_it(site_content, staff_client, reviewer_client):
    fiche = Programme.objects.first()
    assert workflow.is_public(fiche), "La fiche de l'année en cours doit être publique."
    url = change_url(fiche)
    form = AdminForm(parse_html(staff_client.get(url)))
    prefix = next(
        name.removesuffix("-TOTAL_FORMS")
        for name in form.data
        if name.endswith("-TOTAL_FORMS") and "contact" in name
    )
    index = int(form.data[f"{prefix}-TOTAL_FORMS"])
    lines_before = ProgrammeContact.objects.filter(programme=fiche).count()
    form.data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    new_line = {
        name.replace("__prefix__", str(index)): value
        for name, value in form.data.items()
        if name.startswith(f"{prefix}-__prefix__-")
    }
    form.data.update(new_line)
    form.data[f"{prefix}-{index}-role"] = next(
        value for value in form.options[f"{prefix}-__prefix__-role"] if value
    )
    form.data[f"{prefix}-{index}-name"] = "Claire Martin"
    form.data[f"{prefix}-{index}-email"] = "claire.martin@univ-lorraine.fr"
    response = staff_client.post(
        url, {**form.data, "_save": "Enregistrer", "_soumettre": "Soumettre"}
    )
    assert response.status_code == 302, errors_in(parse_html(response))
    assert ProgrammeContact.objects.filter(programme=fiche).count() == lines_before

    review = parse_html(reviewer_client.get(review_url(fiche)))
    assert "Claire Martin" in text_of(element_by_id(review, "lignes-modifiees"))
    # The pending line shows in the form, with the number it will keep.
    shown = AdminForm(parse_html(staff_client.get(url)))
    assert "Claire Martin" in shown.data.values()

    reviewer_client.post(review_url(fiche), {"approuver": "1"})
    assert ProgrammeContact.objects.filter(programme=fiche, name="Claire Martin").exists()


def test_the_attention_panel_lists_submitted_and_returned_changes(
    legal_page, staff_client, reviewer_client
):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")

    reviewer_home = text_of(parse_html(reviewer_client.get(reverse("admin:index"))))
    assert "Modifications soumises, à valider" in reviewer_home
    secretariat_home = text_of(parse_html(staff_client.get(reverse("admin:index"))))
    assert "Modifications soumises, à valider" not in secretariat_home

    reviewer_client.post(review_url(legal_page), {"renvoyer": "1", "comment": "À reprendre."})
    secretariat_home = text_of(parse_html(staff_client.get(reverse("admin:index"))))
    assert "Modifications renvoyées par le responsable pédagogique, à reprendre" in (
        secretariat_home
    )
    listing = staff_client.get(
        reverse("admin:backoffice_pendingrevision_changelist") + "?state__exact=returned"
    )
    assert listing.status_code == 200
    assert "Mentions légales" in text_of(parse_html(listing))


def test_the_secretariat_switches_the_workflow_per_kind_in_the_admin(staff_client):
    url = reverse("admin:backoffice_approvalsetting_changelist")
    tree = parse_html(staff_client.get(url))
    form = next(form for form in tree.iter("form") if form.get("id") == "changelist-form")
    data = {}
    news_box = None
    for row in form.iter("tr"):
        if text_of(row).startswith("Actualités"):
            news_box = next(
                field.get("name")
                for field in row.iter("input")
                if field.get("type") == "checkbox"
                and field.get("name", "").endswith("approval_required")
            )
    for field in form.iter("input"):
        name = field.get("name")
        if not name or field.get("type") == "submit":
            continue
        if field.get("type") == "checkbox":
            if "checked" in field.attrib and name.endswith("approval_required"):
                data[name] = "on"
            continue
        data[name] = field.get("value", "")
    assert news_box is not None, "Pas de ligne « Actualités » dans la liste."
    data[news_box] = "on"

    response = staff_client.post(url, {**data, "_save": "Enregistrer"})

    assert response.status_code == 302, errors_in(parse_html(response))
    assert workflow.approval_required(NewsItem)
    assert workflow.approval_required(Page)


def test_without_the_page_cache_a_due_change_is_published_by_the_next_admin_page(
    legal_page, staff_client, reviewer_client, monkeypatch
):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")
    at = timezone.now() + timedelta(minutes=10)
    reviewer_client.post(
        review_url(legal_page),
        {"programmer": "1", "publish_at": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")},
    )
    assert OLD_TEXT in visitor_text(legal_page)

    later = at + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert staff_client.get(reverse("admin:index")).status_code == 200

    assert NEW_TEXT in visitor_text(legal_page)


def test_restoring_an_old_version_waits_for_approval_too(legal_page, staff_client):
    set_approval(Page, False)
    edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")
    set_approval(Page, True)
    oldest = Version.objects.get_for_object(legal_page).order_by("pk").first()
    restore_url = reverse("admin:pages_page_revision", args=[legal_page.pk, oldest.pk])
    form = AdminForm(parse_html(staff_client.get(restore_url)))

    response = staff_client.post(restore_url, {**form.data, "_save": "Enregistrer"})

    assert response.status_code == 302, errors_in(parse_html(response))
    assert NEW_TEXT in visitor_text(legal_page)
    revision = PendingRevision.objects.get()
    assert OLD_TEXT in workflow.pending_object(revision)["data"]


def test_a_bulk_unpublish_leaves_a_reviewed_kind_online(staff_client):
    set_approval(NewsItem, True)
    item = make_news(title="Portes ouvertes", status=PublicationStatus.PUBLISHED)
    changelist = reverse("admin:news_newsitem_changelist")

    staff_client.post(
        changelist,
        {"action": "unpublish", "_selected_action": [item.pk], "confirmation": "oui"},
    )

    item.refresh_from_db()
    assert item.is_published()


def test_list_edits_of_a_reviewed_kind_are_refused(staff_client):
    from news.models import Category

    set_approval(Category, True)
    changelist = reverse("admin:news_category_changelist")
    response = staff_client.post(changelist, {"_save": "Enregistrer", "form-TOTAL_FORMS": "0"})

    assert response.status_code == 302
    shown = staff_client.get(response["Location"])
    assert "attendent la validation avant publication" in text_of(parse_html(shown))


def test_the_workflow_pages_read_in_correct_french(legal_page, staff_client, reviewer_client):
    from tests.admin.test_french_wording import problems_in

    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")
    pending_list = reverse("admin:backoffice_pendingrevision_changelist")
    settings_list = reverse("admin:backoffice_approvalsetting_changelist")
    pages = [
        (staff_client, change_url(legal_page)),
        (staff_client, review_url(legal_page)),
        (staff_client, pending_list),
        (staff_client, settings_list),
        (reviewer_client, change_url(legal_page)),
        (reviewer_client, review_url(legal_page)),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not problems_in(response, url)


def test_a_wrong_date_or_no_decision_changes_nothing(legal_page, staff_client, reviewer_client):
    edit(staff_client, legal_page, submit=True, body=f"<p>{NEW_TEXT}</p>")

    wrong_date = reviewer_client.post(
        review_url(legal_page), {"programmer": "1", "publish_at": "le 31 février"}
    )
    no_decision = reviewer_client.post(review_url(legal_page), {"comment": "?"})

    assert wrong_date.status_code == 200
    assert errors_in(parse_html(wrong_date))
    assert no_decision.status_code == 403
    assert PendingRevision.objects.get().state == PendingRevisionState.SUBMITTED
    assert OLD_TEXT in visitor_text(legal_page)


def test_the_review_page_of_a_record_without_pending_change_is_not_found(
    legal_page, reviewer_client
):
    assert reviewer_client.get(review_url(legal_page)).status_code == 404


def test_deleting_a_record_drops_its_pending_change(staff_client, reviewer_client):
    set_approval(NewsItem, True)
    item = make_news(title="Soutenances", status=PublicationStatus.PUBLISHED)
    edit(staff_client, item, submit=True, title="Soutenances de juin")

    delete_url = reverse("admin:news_newsitem_delete", args=[item.pk])
    assert staff_client.post(delete_url, {"post": "yes"}).status_code == 302

    assert PendingRevision.objects.get().state == PendingRevisionState.ABANDONED
    assert not NewsItem.objects.filter(pk=item.pk).exists()


def test_staff_preview_the_public_page_with_the_pending_change(legal_page, staff_client):
    edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")
    preview_url = reverse("admin:pages_page_pending_preview", args=[legal_page.pk])

    response = staff_client.get(preview_url)

    assert response.status_code == 200
    tree = parse_html(response)
    banner = next(p for p in tree.iter("p") if "preview-banner" in p.get("class", ""))
    assert "Aperçu de la modification en attente" in text_of(banner)
    assert NEW_TEXT in text_of(tree.find(".//main"))
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert OLD_TEXT in visitor_text(legal_page)
    legal_page.refresh_from_db()
    assert OLD_TEXT in legal_page.body


def test_a_visitor_cannot_open_the_pending_preview(legal_page, staff_client, client):
    edit(staff_client, legal_page, body=f"<p>{NEW_TEXT}</p>")
    preview_url = reverse("admin:pages_page_pending_preview", args=[legal_page.pk])

    response = client.get(preview_url)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
