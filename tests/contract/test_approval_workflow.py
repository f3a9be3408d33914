"""Approval before publication keeps one promise for every registered kind of content: with
the workflow on for the kind, a Secrétariat edit of a record visitors see leaves what they
see unchanged until the Responsable pédagogique approves it.

The kinds come from the registry, so a kind added later is tested too; a kind whose public
record the suite cannot build fails, saying so. The edit goes through the kind's real admin
form; what visitors see is the kind's public queryset (the registry's definition of it) and,
when the record has a page, that page.
"""

from datetime import timedelta
from itertools import count

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alumni.models import Alumnus, AlumnusStatus, Sector
from backoffice.models import ApprovalSetting, PendingRevision, PendingRevisionState
from core.publication import PublicationStatus
from core.registry import content_kinds
from programme.models import Programme
from tests.admin.conftest import make_document, make_news, make_phase
from tests.contract.html import AdminForm
from tests.html import errors_in, parse_html, text_of
from tests.programme.conftest import make_semester
from tests.staff import sign_in_two_step

pytestmark = pytest.mark.django_db

NEW_WORDS = "Texte proposé en attente"
_numbers = count(1)


def current_year():
    return Programme.objects.filter(year__status=PublicationStatus.PUBLISHED).first().year


def build_semester():
    return make_semester(title="Semestre contrat", year=current_year())


def build_teaching_unit():
    semester = make_semester(
        title="Semestre des UE",
        year=current_year(),
        units=[("UE 1", "Unité du contrat", 6, 20, 10)],
    )
    return semester.units.get()


def build_phase():
    today = timezone.localdate()
    return make_phase(today - timedelta(days=5), today + timedelta(days=30))


def build_alumnus():
    sector = Sector.objects.first() or Sector.objects.create(name="Association")
    number = next(_numbers)
    return Alumnus.objects.create(
        first_name=f"Prénom{number}",
        last_name=f"Nom{number}",
        cohort=2020,
        position="Chargée de mission",
        employer="Ville de Metz",
        sector=sector,
        city="Metz",
        email=f"ancien{number}@exemple.fr",
        status=AlumnusStatus.PUBLISHED,
        consents_to_name=True,
        consents_to_career=True,
        consents_to_photo=False,
        consents_to_testimonial=False,
    )


# A public record of each kind the initial content has none of.
BUILDERS = {
    "semesters": build_semester,
    "teaching-units": build_teaching_unit,
    "admission-phases": build_phase,
    "news": lambda: make_news(title="Actualité du contrat"),
    "documents": lambda: make_document(title="Document du contrat"),
    "alumni": build_alumnus,
}
# The form field edited when the kind's first search field is not one (a computed name).
EDITED_FIELD = {"alumni": "position"}


def pytest_generate_tests(metafunc):
    if "any_kind" in metafunc.fixturenames:
        kinds = content_kinds()
        metafunc.parametrize("any_kind", kinds, ids=[kind.key for kind in kinds])


def public_record(kind):
    record = kind.public_queryset().first()
    if record is None:
        if kind.key not in BUILDERS:
            pytest.fail(
                f"Aucun enregistrement public du type « {kind.key} » : ajoutez sa fabrique "
                "à BUILDERS (tests/contract/test_approval_workflow.py)."
            )
        record = BUILDERS[kind.key]()
    assert kind.public_queryset().filter(pk=record.pk).exists(), (
        f"L'enregistrement fabriqué pour « {kind.key} » n'est pas public."
    )
    return record


def what_visitors_see(kind, record, field):
    """The field's value in the public queryset, and the record's page text if it has one."""
    value = kind.public_queryset().values_list(field, flat=True).get(pk=record.pk)
    page = ""
    if hasattr(record, "get_absolute_url"):
        response = Client().get(record.get_absolute_url())
        if response.streaming:
            # A file download: read to the end, the test client then closes the file.
            b"".join(response.streaming_content)
        elif response.status_code == 200 and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            page = text_of(parse_html(response))
    return value, page


def test_a_secretariat_edit_waits_for_approval_whatever_the_kind(
    any_kind, site_content, staff_client, programme_manager
):
    kind = any_kind
    record = public_record(kind)
    model = type(record)
    ApprovalSetting.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(model),
        defaults={"approval_required": True},
    )
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    form = AdminForm(parse_html(staff_client.get(url)))
    field = EDITED_FIELD.get(kind.key, kind.search_fields[0])
    assert field in form.data, f"« {field} » n'est pas dans le formulaire de « {kind.key} »."
    before = what_visitors_see(kind, record, field)
    new_value = f"{NEW_WORDS} {kind.key}"
    form.data[field] = new_value

    response = staff_client.post(url, {**form.data, "_save": "Enregistrer", "_soumettre": "1"})

    assert response.status_code == 302, errors_in(parse_html(response))
    assert what_visitors_see(kind, record, field) == before
    assert NEW_WORDS not in before[1]
    revision = PendingRevision.objects.get()
    assert revision.state == PendingRevisionState.SUBMITTED

    if hasattr(record, "get_absolute_url"):
        preview = reverse(
            f"admin:{opts.app_label}_{opts.model_name}_pending_preview", args=[record.pk]
        )
        response = staff_client.get(preview)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
        elif before[1]:
            assert new_value in text_of(parse_html(response))
        assert what_visitors_see(kind, record, field) == before

    reviewer = sign_in_two_step(Client(), programme_manager)
    review = reverse(f"admin:{opts.app_label}_{opts.model_name}_review", args=[record.pk])
    assert reviewer.post(review, {"approuver": "1"}).status_code == 302

    value, page = what_visitors_see(kind, record, field)
    assert value == new_value
    if before[1]:
        assert new_value in page
    assert timezone.now() >= PendingRevision.objects.get().published_at
