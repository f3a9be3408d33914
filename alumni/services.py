"""Flows that span several records, touch files or send mail (moderation, consent, erasure)."""

import csv
import logging
from smtplib import SMTPException

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Version

from alumni.models import (
    CONSENT_FIELDS,
    Alumnus,
    AlumnusStatus,
    ConsentMethod,
    ConsentRecord,
    ConsentScope,
    Portrait,
    Submission,
    SubmissionStatus,
)
from core.files import delete_files
from core.mail import mail_secretariat

logger = logging.getLogger(__name__)

WITHDRAWAL_SALT = "alumni.consent-withdrawal"
WITHDRAWAL_MAX_AGE = 7 * 24 * 3600  # seconds: the link in the e-mail works for a week

SUBMISSION_COPIED_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "cohort",
    "position",
    "employer",
    "sector",
    "city",
    "profile_url",
    "testimonial",
    "testimonial_en",
)


class ModerationError(Exception):
    """A moderation step that cannot be done (message in French, for staff)."""


def _send_safely(subject, body, recipients):
    """Mail after the data is stored: a mail failure must not lose or undo the submission."""
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except (SMTPException, OSError):
        logger.exception("Courriel non envoyé : %s", subject)


def consent_record(alumnus, consents, method, note="", at=None):
    """Apply {scope: bool} to the alumnus; write a ledger row for each scope that changes."""
    at = at or timezone.now()
    records = []
    is_new = alumnus.pk is None
    for scope, granted in consents.items():
        field = CONSENT_FIELDS[ConsentScope(scope)]
        unchanged = getattr(alumnus, field) == granted
        setattr(alumnus, field, granted)
        # A new record starts with nothing granted: only grants are events worth a row.
        if (is_new and granted) or (not is_new and not unchanged):
            records.append((scope, granted))
    alumnus.save()
    ConsentRecord.objects.bulk_create(
        ConsentRecord(
            alumnus=alumnus,
            scope=scope,
            is_granted=granted,
            method=method,
            recorded_at=at,
            note=note,
        )
        for scope, granted in records
    )
    return records


def _delete_image(image):
    """Delete a Portrait row; its files go once the transaction commits (FileOwner.delete)."""
    if image is not None:
        image.delete()


def _portrait_for(photo_file, first_name, last_name):
    name = f"{first_name} {last_name}".strip()
    portrait = Portrait(file=photo_file, alt_text=_("Portrait de %(name)s") % {"name": name})
    portrait.save()
    return portrait


@transaction.atomic
def alumnus_photo_replace(alumnus, photo_file):
    """Give the entry a new photo (None: no photo); the previous one is deleted, files too."""
    locked = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    previous = locked.photo
    locked.photo = (
        _portrait_for(photo_file, locked.first_name, locked.last_name) if photo_file else None
    )
    locked.save()
    alumnus.photo = locked.photo
    if previous is not None and previous.pk != locked.photo_id:
        _delete_image(previous)
    return locked


def submission_create(cleaned_data, photo_file=None, build_absolute_uri=str):
    """Store a self-update as a pending submission (with its photo) and tell the secretariat."""
    written = []
    try:
        with transaction.atomic():
            photo = None
            if photo_file is not None:
                photo = _portrait_for(
                    photo_file, cleaned_data["first_name"], cleaned_data["last_name"]
                )
                written = sorted(photo.stored_names())
            submission = Submission(
                **{field: cleaned_data.get(field) for field in SUBMISSION_COPIED_FIELDS},
                **{field: bool(cleaned_data.get(field)) for field in CONSENT_FIELDS.values()},
                photo=photo,
            )
            for field in (
                "position",
                "employer",
                "city",
                "profile_url",
                "testimonial",
                "testimonial_en",
            ):
                setattr(submission, field, getattr(submission, field) or "")
            submission.alumnus = (
                Alumnus.objects.filter(email__iexact=submission.email).order_by("-pk").first()
            )
            submission.full_clean(exclude=["photo", "alumnus"])
            submission.save()
    except Exception:
        # The database rolled back; the files written for the photo must go too.
        delete_files(Portrait.file_storage(), written)
        raise
    admin_url = build_absolute_uri(reverse("admin:alumni_submission_change", args=[submission.pk]))
    body = render_to_string(
        "alumni/email/submission_received.txt", {"submission": submission, "admin_url": admin_url}
    )
    subject = _("[Master IPPS] Mise à jour d'un ancien étudiant : %(name)s") % {
        "name": f"{submission.first_name} {submission.last_name}"
    }
    transaction.on_commit(lambda: mail_secretariat(subject, body))
    return submission


def _ensure_pending(submission):
    if submission.status != SubmissionStatus.PENDING:
        raise ModerationError(_("Cette demande a déjà été traitée."))


@transaction.atomic
def submission_approve(submission):
    """Create a published directory entry from a pending submission."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_pending(submission)
    alumnus = Alumnus(
        **{field: getattr(submission, field) for field in SUBMISSION_COPIED_FIELDS},
        photo=submission.photo,
        status=AlumnusStatus.PUBLISHED,
    )
    consent_record(
        alumnus,
        submission.consents(),
        ConsentMethod.ONLINE_FORM,
        note=_("Demande de mise à jour n° %(pk)s") % {"pk": submission.pk},
        at=submission.created_at,
    )
    submission.status = SubmissionStatus.APPROVED
    submission.alumnus = alumnus
    submission.reviewed_at = timezone.now()
    submission.save()
    return alumnus


@transaction.atomic
def submission_merge(submission, target):
    """Update an existing entry with a submission's details, photo and consents."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_pending(submission)
    if target is None:
        raise ModerationError(_("Choisissez d'abord la fiche existante à mettre à jour."))
    target = Alumnus.objects.select_for_update().get(pk=target.pk)
    for field in SUBMISSION_COPIED_FIELDS:
        value = getattr(submission, field)
        # An empty answer means « not given », not « erase what we had ».
        if value not in ("", None):
            setattr(target, field, value)
    if submission.photo_id:
        previous_photo = target.photo
        target.photo = submission.photo
        target.save()
        if previous_photo is not None and previous_photo.pk != submission.photo_id:
            _delete_image(previous_photo)
    consent_record(
        target,
        submission.consents(),
        ConsentMethod.ONLINE_FORM,
        note=_("Demande de mise à jour n° %(pk)s") % {"pk": submission.pk},
        at=submission.created_at,
    )
    submission.status = SubmissionStatus.MERGED
    submission.alumnus = target
    submission.reviewed_at = timezone.now()
    submission.save()
    return target


@transaction.atomic
def submission_reject(submission):
    """Refuse a submission; its photo is deleted since nobody will use it."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _ensure_pending(submission)
    photo = submission.photo
    submission.photo = None
    submission.status = SubmissionStatus.REJECTED
    submission.reviewed_at = timezone.now()
    submission.save()
    _delete_image(photo)
    return submission


@transaction.atomic
def submission_delete(submission):
    """Delete a request; its photo goes too unless a directory entry now uses it."""
    photo = submission.photo
    submission.delete()
    if photo is not None and not Alumnus.objects.filter(photo=photo).exists():
        _delete_image(photo)


def _forget_history(model, ids):
    """Delete the admin's history of these records (django-reversion copies and the admin
    log, whose entries name the person): erasure must not leave them behind."""
    content_type = ContentType.objects.get_for_model(model)
    object_ids = [str(pk) for pk in ids]
    Version.objects.filter(content_type=content_type, object_id__in=object_ids).delete()
    LogEntry.objects.filter(content_type=content_type, object_id__in=object_ids).delete()


@transaction.atomic
def alumnus_erase(alumnus):
    """Right to erasure: the record, its photo files, its submissions, ledger and history."""
    submissions = Submission.objects.filter(
        Q(alumnus=alumnus) | (Q(email__iexact=alumnus.email) & ~Q(email=""))
    )
    image_ids = {alumnus.photo_id} | set(submissions.values_list("photo_id", flat=True))
    image_ids.discard(None)
    ledger_ids = list(ConsentRecord.objects.filter(alumnus=alumnus).values_list("pk", flat=True))
    _forget_history(Submission, list(submissions.values_list("pk", flat=True)))
    submissions.delete()
    _forget_history(Alumnus, [alumnus.pk])
    _forget_history(ConsentRecord, ledger_ids)
    _forget_history(Portrait, image_ids)
    alumnus.delete()
    for image in Portrait.objects.filter(pk__in=image_ids):
        image.delete()


def withdrawal_token(alumnus, scopes):
    return signing.dumps({"a": alumnus.pk, "s": sorted(scopes)}, salt=WITHDRAWAL_SALT)


def read_withdrawal_token(token):
    """(alumnus, scopes) from a link, or None if it is forged, expired or obsolete."""
    try:
        data = signing.loads(token, salt=WITHDRAWAL_SALT, max_age=WITHDRAWAL_MAX_AGE)
    except signing.BadSignature:
        return None
    scopes = [scope for scope in data.get("s", []) if scope in ConsentScope.values]
    alumnus = Alumnus.objects.filter(pk=data.get("a")).first()
    if alumnus is None or not scopes:
        return None
    return alumnus, scopes


def consent_withdrawal_request(email, scopes, build_absolute_uri):
    """Mail a confirmation link to every record with this address (silently none if unknown)."""
    alumni = list(Alumnus.objects.filter(email__iexact=email.strip()))
    for alumnus in alumni:
        link = build_absolute_uri(
            reverse("alumni:withdraw_confirm", args=[withdrawal_token(alumnus, scopes)])
        )
        body = render_to_string(
            "alumni/email/withdrawal_link.txt",
            {
                "alumnus": alumnus,
                "scopes": [ConsentScope(scope).label for scope in scopes],
                "link": link,
                "days": WITHDRAWAL_MAX_AGE // 86400,
            },
        )
        _send_safely(
            _("[Master IPPS] Confirmez le retrait de votre consentement"), body, [alumnus.email]
        )
    return len(alumni)


@transaction.atomic
def consent_withdraw(alumnus, scopes, method=ConsentMethod.WITHDRAWAL_LINK, note=""):
    """Withdraw consents at once; a withdrawn photo is deleted since it can no longer be used."""
    alumnus = Alumnus.objects.select_for_update().get(pk=alumnus.pk)
    changes = consent_record(alumnus, dict.fromkeys(scopes, False), method, note=note)
    if ConsentScope.PHOTO in scopes and alumnus.photo_id:
        photo = alumnus.photo
        alumnus.photo = None
        alumnus.save()
        _delete_image(photo)
    return changes


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR is prefixed."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


CSV_COLUMNS = [
    (_("Nom"), "last_name"),
    (_("Prénom"), "first_name"),
    (_("Promotion"), "cohort"),
    (_("Poste"), "position"),
    (_("Employeur"), "employer"),
    (_("Secteur"), "sector"),
    (_("Ville"), "city"),
    (_("Courriel"), "email"),
    (_("Profil en ligne"), "profile_url"),
    (_("État"), "status"),
]


def alumni_write_csv(queryset, stream):
    """The directory as CSV for the insertion survey (internal use: every field, consents)."""
    writer = csv.writer(stream, delimiter=";")
    consent_headers = [str(scope.label) for scope in ConsentScope]
    writer.writerow([str(label) for label, _field in CSV_COLUMNS] + consent_headers)
    for alumnus in queryset.select_related("sector").order_by("-cohort", "last_name", "pk"):
        row = []
        for _label, field in CSV_COLUMNS:
            if field == "sector":
                value = alumnus.sector.name if alumnus.sector_id else ""
            elif field == "status":
                value = alumnus.get_status_display()
            else:
                value = getattr(alumnus, field)
            row.append(csv_safe(value))
        row += [_("oui") if granted else _("non") for granted in alumnus.consents().values()]
        writer.writerow(row)
