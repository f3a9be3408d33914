"""« Voir sur le site » wherever a public page exists, and messages that name what changed."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, OfficialOutcome, SubmissionStatus
from backoffice.admin_tools import ContentAdmin
from core.publication import PublicationStatus
from pages.models import Page
from programme.models import (
    AcademicYear,
    OfficialInsertionFigure,
    Programme,
    Section,
    Semester,
    SkillBlock,
    TeachingUnit,
)

from .conftest import make_document, make_news, make_phase, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each(site_content):
    """One record of every model with a public page, and where the public sees it."""
    semester = Semester.objects.create(title="Semestre 1", status=PublicationStatus.PUBLISHED)
    unit = TeachingUnit.objects.create(semester=semester, code="UE1", title="Sociologie", ects=6)
    news = make_news()
    document = make_document()
    alumnus = Alumnus.objects.create(
        first_name="Inès",
        last_name="Durand",
        cohort=2019,
        email="ines@exemple.fr",
        status=AlumnusStatus.PUBLISHED,
        consents_to_name=True,
    )
    phase = make_phase(date(2027, 3, 1), date(2027, 4, 1))
    outcome = OfficialOutcome.objects.create(cohort=2022, surveyed_on=date(2024, 12, 1))
    figure = OfficialInsertionFigure.objects.create(
        cohort="2021",
        uai="0542493S",
        degree="Master LMD",
        discipline="Sociologie",
        file_date=date(2025, 3, 12),
        imported_at=timezone.now(),
    )
    section = Section.objects.order_by("order").first()
    skill_block = SkillBlock.objects.create(
        programme=Programme.load(), code="RNCP35897BC01", title="Piloter un projet"
    )
    presentation = reverse("programme:presentation")
    # The fiche, the curriculum and the phases belong to a year, shown at its own address.
    year = AcademicYear.load_current()
    year_page = reverse("programme:year", args=[year.label])
    return {
        year: year_page,
        Programme.load(): year_page,
        section: f"{presentation}#{section.slug}",
        semester: f"{year_page}#semestre-{semester.pk}",
        unit: f"{year_page}#semestre-{semester.pk}",
        phase: f"{year_page}#admission",
        skill_block: f"{year_page}#certification",
        Page.objects.first(): Page.objects.first().get_absolute_url(),
        news: news.get_absolute_url(),
        news.category: news.category.get_absolute_url(),
        document: document.get_absolute_url(),
        document.category: document.category.get_absolute_url(),
        alumnus: alumnus.get_absolute_url(),
        outcome: reverse("alumni:directory") + "#titre-resultats",
        figure: f"{presentation}#chiffres-officiels",
    }


def change_page(client, obj):
    opts = obj._meta
    response = client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200, opts.label
    return unescape(response.content.decode())


def test_every_record_with_a_public_page_has_voir_sur_le_site(staff_client, one_of_each):
    for obj, public_url in one_of_each.items():
        assert public_url.startswith("/")
        html = change_page(staff_client, obj)
        assert f'<a href="{public_url}" class="viewsitelink">Voir sur le site</a>' in html, obj


def test_the_public_links_of_the_button_answer(client, one_of_each):
    for public_url in set(one_of_each.values()):
        response = client.get(public_url)
        assert response.status_code == 200, public_url
        if response.streaming:
            b"".join(response.streaming_content)  # read to the end: the file gets closed


def test_models_without_a_public_page_have_no_button(staff_client, image):
    html = change_page(staff_client, image)
    assert "viewsitelink" not in html
    hidden = Alumnus.objects.create(
        first_name="Paul", last_name="Petit", cohort=2018, email="p@exemple.fr"
    )
    assert hidden.status != AlumnusStatus.PUBLISHED
    assert "viewsitelink" not in change_page(staff_client, hidden)


def test_every_registered_admin_with_a_public_page_is_covered(one_of_each):
    covered = {type(obj) for obj in one_of_each}
    for model, model_admin in admin.site._registry.items():
        has_own_button = callable(model_admin.view_on_site) and (
            type(model_admin).view_on_site is not ContentAdmin.view_on_site
        )
        if hasattr(model, "get_absolute_url") or has_own_button:
            assert model in covered, model._meta.label


def test_alumni_actions_name_the_entries_they_changed(staff_client):
    alumnus = Alumnus.objects.create(
        first_name="Inès",
        last_name="Durand",
        cohort=2019,
        email="ines@exemple.fr",
        status=AlumnusStatus.HIDDEN,
        consents_to_name=True,
    )
    changelist = reverse("admin:alumni_alumnus_changelist")
    response = staff_client.post(
        changelist, {"action": "publish", "_selected_action": [alumnus.pk]}, follow=True
    )
    assert "Publié dans l'annuaire : « Inès Durand" in unescape(response.content.decode())
    again = staff_client.post(
        changelist, {"action": "publish", "_selected_action": [alumnus.pk]}, follow=True
    )
    assert "Rien à publier" in unescape(again.content.decode())


def test_bulk_approval_names_the_requests(staff_client, site_content):
    submission = make_submission(first_name="Léa", last_name="Roux")
    response = staff_client.post(
        reverse("admin:alumni_submission_changelist"),
        {"action": "approve", "_selected_action": [submission.pk]},
        follow=True,
    )
    html = unescape(response.content.decode())
    assert "Demande(s) approuvée(s) : « Léa Roux, promotion 2021" in html
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED


def test_a_saved_change_says_which_fields_changed(staff_client):
    from tests.admin_forms import admin_form_data

    document = make_document(valid_until=timezone.localdate() + timedelta(days=90))
    url = reverse("admin:documents_document_change", args=[document.pk])
    data = admin_form_data(staff_client.get(url), title="Calendrier 2026-2027")
    response = staff_client.post(url, data, follow=True)
    messages = [unescape(str(message)) for message in response.context["messages"]]
    assert messages[-1].endswith("a été modifié. Modifié : titre.")
    assert not [message for message in messages if "Fichier remplacé" in message]


def test_processing_a_message_from_its_form_says_so(staff_client):
    from .conftest import make_contact_message

    message = make_contact_message()
    url = reverse("admin:pages_contactmessage_change", args=[message.pk])
    response = staff_client.post(url, {"is_handled": "on", "_save": "1"}, follow=True)
    texts = [unescape(str(text)) for text in response.context["messages"]]
    assert texts[-1].endswith("Modifié : traité.")
    message.refresh_from_db()
    assert message.is_handled


def test_processing_messages_from_the_list_column_says_so(staff_client):
    from .conftest import make_contact_message

    first, second = make_contact_message(), make_contact_message()
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": str(second.pk),
        "form-0-is_handled": "on",
        "form-1-id": str(first.pk),
        "form-1-is_handled": "on",
        "_save": "Enregistrer",
    }
    response = staff_client.post(
        reverse("admin:pages_contactmessage_changelist"), data, follow=True
    )
    texts = [unescape(str(text)) for text in response.context["messages"]]
    assert texts[-1].endswith("Modifié : traité.")
    assert texts[-1].startswith("2 ")
