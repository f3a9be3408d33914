"""The admin, as the secretariat uses it: pages render, warnings show, links are made."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.models import Image, PreviewLink
from core.preview import PREVIEW_PARAMETER
from core.publication import PublicationStatus
from programme.models import AdmissionPhase, Programme, Section, Semester
from tests.html import texts
from tests.programme.conftest import (
    image_bytes,
    make_section,
    make_semester,
    media_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]


@pytest.mark.parametrize(
    "model", [Section, Semester, AdmissionPhase, Image, Programme, "programme.teachingunit"]
)
def test_changelist_with_a_search_and_add_pages_render(staff_client, model):
    label = model if isinstance(model, str) else model._meta.label_lower
    name = label.replace(".", "_")
    changelist = reverse(f"admin:{name}_changelist")
    assert staff_client.get(changelist, {"q": "master"}).status_code == 200
    add = staff_client.get(reverse(f"admin:{name}_add"))
    assert add.status_code in (200, 403)  # the programme card is a singleton: no second one


def test_change_pages_render_with_view_on_site_link(staff_client):
    section = Section.objects.get(slug="pourquoi-ce-master")
    semester = make_semester("Semestre 1", units=[("UE1", "Méthodes", 30, 10, 10)])
    for url in (
        reverse("admin:programme_section_change", args=[section.pk]),
        reverse("admin:programme_semester_change", args=[semester.pk]),
        reverse("admin:programme_programme_change", args=[1]),
        reverse("admin:programme_teachingunit_change", args=[semester.units.get().pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "Voir sur le site" in response.content.decode(), url


def test_the_programme_admin_lists_what_a_future_student_would_miss(staff_client):
    html = staff_client.get(reverse("admin:programme_programme_change", args=[1])).content
    html = html.decode()
    assert "Un futur étudiant ne trouvera pas sur le site" in html
    assert "<li>les dates de candidature</li>" in html


def test_the_fiche_check_follows_an_edit_of_the_fiche_or_of_a_part_on_the_next_request(
    staff_client, settings, django_capture_on_commit_callbacks
):
    # The check is kept under the content version (programme/admin.py): any edit moves
    # the version on, so the next page shows the check of the new content.
    settings.FRAGMENT_CACHE_SECONDS = 600
    url = reverse("admin:programme_programme_change", args=[1])

    def check_items():
        return texts(staff_client.get(url).content, "li")

    def committed(record, **values):
        for field, value in values.items():
            setattr(record, field, value)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            record.save()

    assert "le code RNCP de la certification" in check_items()
    assert "le code RNCP de la certification" in check_items()
    committed(Programme.load(), rncp_code="RNCP35897")
    assert "le code RNCP de la certification" not in check_items()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        section = make_section("Partie seulement en français", order=50)
    untranslated = "Partie « Partie seulement en français »"
    assert any(item.startswith(untranslated) for item in check_items())
    committed(section, title_en="Why this master's degree?", body_en="<p>Because.</p>")
    assert not any(item.startswith(untranslated) for item in check_items())


def test_a_top_level_section_edits_its_sub_sections_inline(staff_client):
    section = Section.objects.get(slug="pourquoi-ce-master")
    html = staff_client.get(reverse("admin:programme_section_change", args=[section.pk]))
    html = html.content.decode()
    assert "L’entrée en vigueur du master" in html
    assert 'name="children-0-order"' in html


def test_sections_are_reordered_with_buttons_without_javascript(staff_client, client):
    """« monter » posts the list's form (CSRF token included) to a small view that swaps."""
    origins = Section.objects.get(slug="origines-de-la-formation")
    changelist = reverse("admin:programme_section_changelist")
    html = staff_client.get(changelist).content.decode()
    up = reverse("admin:programme_section_monter", args=[origins.pk])
    assert f'formaction="{up}"' in html
    response = staff_client.post(up)
    assert response.status_code == 302
    assert response.headers["Location"] == changelist
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Origines de la formation" in m for m in messages), messages
    staff_client.logout()
    html = client.get("/formation/").content.decode()
    assert "1.</span> Origines de la formation" in html
    assert "2.</span> Pourquoi ce master ?" in html


def test_moving_a_section_needs_post_csrf_and_permission(staff_client, client, secretariat_user):
    why = Section.objects.get(slug="pourquoi-ce-master")
    down = reverse("admin:programme_section_descendre", args=[why.pk])
    assert staff_client.get(down).status_code == 405
    assert client.post(down).status_code == 302  # to the login page
    assert Section.objects.get(pk=why.pk).order == why.order
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(secretariat_user)
    assert csrf_client.post(down).status_code == 403
    assert Section.objects.get(pk=why.pk).order == why.order


def test_a_sub_part_moves_among_its_siblings_only(staff_client, client):
    why = Section.objects.get(slug="pourquoi-ce-master")
    first, second = why.children.order_by("order", "pk")[:2]
    staff_client.post(reverse("admin:programme_section_descendre", args=[first.pk]))
    assert list(why.children.order_by("order", "pk")[:2]) == [second, first]
    assert Section.objects.get(pk=why.pk).parent_id is None


def test_the_sections_list_shows_numbers_in_reading_order(staff_client):
    html = staff_client.get(reverse("admin:programme_section_changelist")).content.decode()
    rows = texts(html, "td", "field-number")
    assert rows[:2] == ["1.", "1. a."] or rows[0] == "1."
    top = [row for row in rows if " " not in row]
    assert top == [f"{n}." for n in range(1, len(top) + 1)]
    assert "admin-extra/sections.css" in html


def test_the_semester_admin_warns_when_a_semester_is_not_30_ects(staff_client):
    semester = make_semester("Semestre 1", units=[("UE1", "Méthodes", 24, 10, 10)])
    changelist = staff_client.get(reverse("admin:programme_semester_changelist")).content
    assert "24 ⚠ (attendu : 30)" in changelist.decode()
    response = staff_client.get(reverse("admin:programme_semester_change", args=[semester.pk]))
    assert "totalise 24 crédits ECTS" in response.content.decode()


def test_a_semester_of_30_ects_raises_no_warning(staff_client):
    semester = make_semester("Semestre 1", units=[("UE1", "Méthodes", 30, 10, 10)])
    response = staff_client.get(reverse("admin:programme_semester_change", args=[semester.pk]))
    assert "totalise" not in response.content.decode()


def test_staff_make_copy_and_revoke_a_preview_link_from_the_admin(staff_client):
    client = Client()  # a visitor without an account
    draft = make_section("Partie à relire", status=PublicationStatus.DRAFT)
    change_url = reverse("admin:programme_section_change", args=[draft.pk])
    assert "Aucun lien d’aperçu actif" in staff_client.get(change_url).content.decode().replace(
        "'", "’"
    ).replace("&#x27;", "’")

    create_url = reverse("admin:programme_section_preview_create", args=[draft.pk])
    assert staff_client.get(create_url).status_code == 405  # only by the form's button
    response = staff_client.post(create_url, follow=True)
    html = response.content.decode()
    assert "Lien d&#x27;aperçu créé" in html or "Lien d'aperçu créé" in html
    link = PreviewLink.objects.for_object(draft).get()
    shared_url = f"http://testserver/formation/?{PREVIEW_PARAMETER}="
    assert shared_url in html

    public_url = html[html.index(shared_url) :].split('"', 1)[0].replace("&amp;", "&")
    visitor_page = client.get(public_url.removeprefix("http://testserver"))
    assert "Partie à relire" in visitor_page.content.decode()

    revoke_url = reverse("admin:programme_section_preview_revoke", args=[draft.pk, link.pk])
    staff_client.post(revoke_url)
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert "Partie à relire" not in client.get(public_url).content.decode()


def test_preview_links_cannot_be_made_by_visitors(client):
    draft = make_section("Partie à relire", status=PublicationStatus.DRAFT)
    response = client.post(reverse("admin:programme_section_preview_create", args=[draft.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not PreviewLink.objects.exists()


def test_revoking_a_link_of_another_record_is_404(staff_client):
    draft = make_section("A", status=PublicationStatus.DRAFT)
    other = make_section("B", status=PublicationStatus.DRAFT)
    staff_client.post(reverse("admin:programme_section_preview_create", args=[other.pk]))
    link = PreviewLink.objects.get()
    response = staff_client.post(
        reverse("admin:programme_section_preview_revoke", args=[draft.pk, link.pk])
    )
    assert response.status_code == 404


def test_an_image_upload_that_is_not_an_image_is_refused_in_french(staff_client, settings):
    response = staff_client.post(
        reverse("admin:core_image_add"),
        {"file": upload("photo.jpg", b"pas une image" * 50), "alt_text": "Photo"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "image" in html and ("valide" in html or "lisible" in html)
    assert not Image.objects.exists()
    assert media_files(settings) == []


def test_an_image_upload_through_the_admin_is_stored_with_renditions(staff_client, settings):
    response = staff_client.post(
        reverse("admin:core_image_add"),
        {"file": upload("photo.png", image_bytes((1000, 600), "PNG")), "alt_text": "Photo"},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.width == 1000 and image.renditions
    assert len(media_files(settings)) == 3


def test_admission_phase_admin_refuses_a_phase_closing_before_it_opens(staff_client):
    response = staff_client.post(
        reverse("admin:programme_admissionphase_add"),
        {
            "track": "m2",
            "label": "À l'envers",
            "opens_on": date(2026, 5, 1).isoformat(),
            "closes_on": date(2026, 4, 1).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "La clôture doit être le jour de l" in response.content.decode()
    assert not AdmissionPhase.objects.exists()


def test_all_preview_links_are_listed_and_can_be_revoked_together(staff_client):
    from core.preview import preview_link_create

    first = preview_link_create(make_section("A", status=PublicationStatus.DRAFT))
    second = preview_link_create(make_section("B", status=PublicationStatus.DRAFT))
    changelist = reverse("admin:core_previewlink_changelist")
    html = staff_client.get(changelist).content.decode()
    assert "Actif" in html and ">A<" in html and ">B<" in html
    staff_client.post(
        changelist,
        {"action": "revoke", "_selected_action": [first.pk, second.pk]},
    )
    assert not PreviewLink.objects.active().exists()
    assert staff_client.get(reverse("admin:core_previewlink_add")).status_code == 403


def test_two_sub_sections_can_be_added_at_once(staff_client, client):
    why = Section.objects.get(slug="pourquoi-ce-master")
    url = reverse("admin:programme_section_change", args=[why.pk])
    children = list(why.children.order_by("order"))
    data = {
        "title": why.title,
        "order": why.order,
        "body": why.body,
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "slug": why.slug,
        "children-TOTAL_FORMS": str(len(children) + 2),
        "children-INITIAL_FORMS": str(len(children)),
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
    }
    for index, child in enumerate(children):
        data.update(
            {
                f"children-{index}-id": child.pk,
                f"children-{index}-parent": why.pk,
                f"children-{index}-title": child.title,
                f"children-{index}-order": child.order,
                f"children-{index}-status": "published",
                f"children-{index}-body": child.body,
            }
        )
    for offset, title in enumerate(["Troisième point", "Quatrième point"]):
        index = len(children) + offset
        data.update(
            {
                f"children-{index}-parent": why.pk,
                f"children-{index}-title": title,
                f"children-{index}-order": 100 + index,
                f"children-{index}-status": "published",
                f"children-{index}-body": "<p>Texte.</p>",
            }
        )
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    staff_client.logout()
    html = client.get("/formation/").content.decode()
    assert "c.</span> Troisième point" in html and "d.</span> Quatrième point" in html


@pytest.mark.parametrize("object_id", ["abc", "999999", "1%00"])
def test_a_bad_object_id_in_the_admin_is_not_a_server_error(staff_client, object_id):
    for name in ("semester", "section"):
        response = staff_client.get(f"/admin/programme/{name}/{object_id}/change/")
        assert response.status_code in (302, 404), name
        response = staff_client.post(f"/admin/programme/{name}/{object_id}/apercu/creer/")
        assert response.status_code == 404, name


def inline_data(parent, new_rows):
    """The change form of `parent` as posted, existing sub-parts unchanged, plus new rows."""
    children = list(parent.children.order_by("order", "pk"))
    data = {
        "title": parent.title,
        "order": parent.order,
        "body": parent.body,
        "status": parent.status,
        "published_at_0": "",
        "published_at_1": "",
        "slug": parent.slug,
        "children-TOTAL_FORMS": str(len(children) + len(new_rows)),
        "children-INITIAL_FORMS": str(len(children)),
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "1000",
    }
    if parent.published_at:
        local = timezone.localtime(parent.published_at)
        data["published_at_0"] = local.strftime("%d/%m/%Y")
        data["published_at_1"] = local.strftime("%H:%M:%S")
    for index, child in enumerate(children):
        data.update(
            {
                f"children-{index}-id": child.pk,
                f"children-{index}-parent": parent.pk,
                f"children-{index}-title": child.title,
                f"children-{index}-order": child.order,
                f"children-{index}-status": child.status,
                f"children-{index}-body": child.body,
            }
        )
    for offset, row in enumerate(new_rows):
        index = len(children) + offset
        data.update({f"children-{index}-{name}": value for name, value in row.items()})
        data[f"children-{index}-parent"] = parent.pk
    return data


def test_a_sub_part_added_from_its_parent_is_published_with_it_and_goes_last(staff_client, client):
    """No trap: left as offered, the new sub-part takes the parent's state and goes last."""
    why = Section.objects.get(slug="pourquoi-ce-master")
    last = why.children.order_by("-order").first()
    url = reverse("admin:programme_section_change", args=[why.pk])
    form = staff_client.get(url).content.decode()
    assert "Comme la partie parente" in form
    row = {"title": "Un point de plus", "status": "", "order": "", "body": "<p>Texte.</p>"}
    response = staff_client.post(url, inline_data(why, [row]), follow=True)
    assert response.redirect_chain, response.content.decode()[:3000]
    added = Section.objects.get(title="Un point de plus")
    why.refresh_from_db()
    assert added.status == why.status and added.published_at == why.published_at
    assert added.order == last.order + 10
    messages = [str(m) for m in response.context["messages"]]
    assert any(
        m.startswith("Sous-partie « Un point de plus » ajoutée à « ") and f"{why.title} »" in m
        for m in messages
    ), messages
    staff_client.logout()
    html = client.get("/formation/").content.decode()
    letter = chr(ord("a") + why.children.count() - 1)
    assert f"{letter}.</span> Un point de plus" in html


def test_a_sub_part_keeps_a_state_chosen_for_it(staff_client):
    why = Section.objects.get(slug="pourquoi-ce-master")
    url = reverse("admin:programme_section_change", args=[why.pk])
    row = {"title": "Pas encore", "status": "draft", "order": "5", "body": "<p>Texte.</p>"}
    response = staff_client.post(url, inline_data(why, [row]))
    assert response.status_code == 302, response.content.decode()[:3000]
    added = Section.objects.get(title="Pas encore")
    assert added.status == PublicationStatus.DRAFT and added.order == 5


def test_a_scheduled_section_is_marked_with_its_date_not_brouillon(staff_client):
    why = Section.objects.get(slug="pourquoi-ce-master")
    why.published_at = timezone.now() + timedelta(days=2)
    why.save()
    html = staff_client.get("/formation/").content.decode()
    day = timezone.localtime(why.published_at).strftime("%d/%m/%Y")
    markers = texts(html, "span", "draft-marker")
    assert any(m.startswith(f"Programmé pour le {day}") for m in markers), markers
    changelist = staff_client.get(reverse("admin:programme_section_changelist"))
    assert f"Programmé pour le {day}" in changelist.content.decode()
