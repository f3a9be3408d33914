"""Approval before publication: a Secrétariat member's change to a record the public sees
waits, as a pending revision, until the Responsable pédagogique approves it.

Whether a kind of record is reviewed is an `ApprovalSetting` (on for the fixed pages and the
fiche by default, editable in the admin). The admin's own save runs unchanged (forms, inlines,
sanitizing, history) inside a transaction that is then rolled back: what it would have written
is kept as django-reversion serializes it (the record and its inline lines), and visitors keep
the published version. Approving applies that state like a restore from the history, in a
revision whose comment names who submitted and who approved. A change approved for a later
date is applied by the first request after that time (`publish_due`), the same way scheduled
publications appear: no cron job.
"""

import logging

import reversion
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext
from reversion.models import Version
from reversion.revisions import _follow_relations_recursive

from backoffice.models import ApprovalSetting, PendingRevision, PendingRevisionState
from backoffice.roles import PROGRAMME_MANAGER
from core.mail import mail_people
from core.registry import content_kinds

logger = logging.getLogger(__name__)

REVIEW_PERMISSION = "backoffice.review_pendingrevision"


class _Discard(Exception):
    """Raised to roll back the transaction of `run_and_discard`."""


def run_and_discard(function):
    """What `function()` returns, every write it made rolled back (after-commit callbacks,
    such as the content version's bump, are dropped with it)."""
    outcome = []
    try:
        with transaction.atomic():
            outcome.append(function())
            raise _Discard
    except _Discard:
        pass
    return outcome[0]


# --- Who and what the workflow applies to ----------------------------------------------


def approval_required(model):
    """Whether changes to records of `model` wait for approval (off for unlisted kinds)."""
    content_type = ContentType.objects.get_for_model(model)
    return ApprovalSetting.objects.filter(
        content_type=content_type, approval_required=True
    ).exists()


def is_public(obj):
    """Whether visitors see the record now: published, or in its kind's public records;
    a record with no publication state of its own (a fixed page) is public once saved."""
    if hasattr(obj, "is_published"):
        return obj.is_published()
    for kind in content_kinds():
        queryset = kind.public_queryset()
        if queryset.model is type(obj):
            return queryset.filter(pk=obj.pk).exists()
    return True


def can_review(user):
    """The Responsable pédagogique and superusers approve and publish directly."""
    return user.has_perm(REVIEW_PERMISSION)


def must_wait(user, obj, *, reviewed_kind=None, public=None):
    """Whether `user`'s change to `obj` waits for approval instead of going live.

    `reviewed_kind` and `public`, when the caller has already read them, are
    `approval_required(type(obj))` and `is_public(obj)`: not read a second time."""
    if can_review(user):
        return False
    if reviewed_kind is None:
        reviewed_kind = approval_required(type(obj))
    if not reviewed_kind:
        return False
    return is_public(obj) if public is None else public


def open_revision(obj):
    return PendingRevision.objects.open().for_object(obj).first()


def person(user):
    if user is None:
        return gettext("quelqu'un")
    return user.get_full_name() or user.get_username()


# --- The pending state: captured from the admin's save, applied like a restore ---------


def capture(obj):
    """The state the admin's save just recorded in the history for `obj` (the record and
    the lines its versions follow), as reversion serialized it."""
    latest = Version.objects.get_for_object(obj).select_related("revision").first()
    entries = []
    for version in latest.revision.version_set.select_related("content_type"):
        entries.append(
            {
                "model": f"{version.content_type.app_label}.{version.content_type.model}",
                "object_id": version.object_id,
                "format": version.format,
                "data": version.serialized_data,
                "db": version.db,
            }
        )
    return entries


def mark_new_lines(entries):
    """Once the save is rolled back, the lines it created do not exist: note them, so that
    applying the revision later inserts them instead of overwriting another record."""
    for entry in entries:
        model = ContentType.objects.get_by_natural_key(*entry["model"].split(".")).model_class()
        exists = model._base_manager.using(entry["db"]).filter(pk=entry["object_id"]).exists()
        entry["is_new"] = not exists
    return entries


def _model(entry):
    return ContentType.objects.get_by_natural_key(*entry["model"].split(".")).model_class()


def _key(model, pk):
    return (model._meta.label_lower, str(pk))


def apply(revision):
    """Write the revision's state over the live record: its lines missing from the
    revision are deleted, the others saved as the revision holds them (as reversion's
    restore does). Runs inside the caller's transaction."""
    target = revision.target()
    kept = {_key(_model(entry), entry["object_id"]) for entry in revision.versions}
    if target is not None:
        for item in _follow_relations_recursive(target):
            if _key(type(item), item.pk) not in kept:
                item.delete()
    record_model = revision.model
    # The record first: its new lines point to it.
    entries = sorted(revision.versions, key=lambda entry: _model(entry) is not record_model)
    for entry in entries:
        model = _model(entry)
        for deserialized in serializers.deserialize(
            entry["format"], entry["data"], ignorenonexistent=True
        ):
            taken = model._base_manager.filter(pk=entry["object_id"]).exists()
            if entry.get("is_new") and taken:
                # Its number was given to another record since: a new line, a new number.
                deserialized.object.pk = None
                deserialized.object._state.adding = True
            deserialized.save()


def pending_object(revision):
    """The record as the revision would make it (unsaved), for the comparison page."""
    for entry in revision.versions:
        if _model(entry) is revision.model and entry["object_id"] == revision.object_id:
            return entry
    return None


def pending_version(revision):
    """An unsaved reversion `Version` of the record's pending state: the comparison code
    of the history reads it like any version."""
    entry = pending_object(revision)
    return Version(
        content_type=revision.content_type,
        object_id=entry["object_id"],
        db=entry["db"],
        format=entry["format"],
        serialized_data=entry["data"],
        object_repr=revision.object_repr,
    )


def line_changes(revision):
    """The inline lines the revision adds, removes or changes: [(verb, model name, line)]."""
    target = revision.target()
    if target is None:
        return []
    live = {
        _key(type(item), item.pk): item
        for item in _follow_relations_recursive(target)
        if item is not target and _key(type(item), item.pk) != _key(type(target), target.pk)
    }
    changes = []
    seen = set()
    for entry in revision.versions:
        model = _model(entry)
        key = _key(model, entry["object_id"])
        if model is revision.model and entry["object_id"] == revision.object_id:
            continue
        seen.add(key)
        proposed = next(
            serializers.deserialize(entry["format"], entry["data"], ignorenonexistent=True)
        ).object
        name = model._meta.verbose_name
        current = live.get(key)
        if current is None or entry.get("is_new"):
            changes.append((gettext("Ajout"), name, str(proposed)))
            continue
        differs = any(
            field.value_from_object(current) != field.value_from_object(proposed)
            for field in model._meta.concrete_fields
        )
        if differs:
            changes.append((gettext("Modification"), name, str(proposed)))
    for key, item in live.items():
        if key not in seen:
            changes.append((gettext("Suppression"), type(item)._meta.verbose_name, str(item)))
    return changes


# --- Services: save, submit, approve, send back -----------------------------------------


def revision_store(obj, entries, author):
    """Keep `entries` as the record's pending revision (a new one, or the open one updated)."""
    revision = PendingRevision.objects.open().for_object(
        obj
    ).select_for_update().first() or PendingRevision(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    )
    revision.versions = entries
    revision.object_repr = str(obj)[:300]
    revision.author = author
    if revision.state == PendingRevisionState.APPROVED:
        # Changed after its approval: it needs a new one.
        revision.state = PendingRevisionState.DRAFT
        revision.publish_at = None
    revision.save()
    return revision


def revision_submit(revision, user, review_url):
    """« Soumettre pour validation »: the Responsable pédagogique is told by mail."""
    revision.state = PendingRevisionState.SUBMITTED
    revision.submitted_by = user
    revision.submitted_at = timezone.now()
    revision.save()
    subject = gettext("Modification à valider : %(object)s") % {"object": revision.object_repr}
    body = gettext(
        "%(author)s a soumis une modification de « %(object)s » pour validation.\n\n"
        "Les visiteurs voient toujours la version publiée. Comparez et décidez ici :\n"
        "%(url)s\n"
    ) % {"author": person(user), "object": revision.object_repr, "url": review_url}
    reviewers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=PROGRAMME_MANAGER)
        .exclude(email="")
    )
    addresses = sorted({reviewer.email for reviewer in reviewers})
    transaction.on_commit(lambda: mail_people(addresses, subject, body))


def _history_comment(revision, reviewer):
    submitted_by = revision.submitted_by or revision.author
    when = (
        timezone.localtime(revision.submitted_at).strftime("%d/%m/%Y %H:%M")
        if revision.submitted_at
        else ""
    )
    return gettext(
        "Modification soumise par %(author)s le %(date)s, approuvée par %(reviewer)s."
    ) % {"author": person(submitted_by), "date": when, "reviewer": person(reviewer)}


def _tell_author(revision, subject, body):
    author = revision.submitted_by or revision.author
    if author is not None and author.email:
        address = [author.email]
        transaction.on_commit(lambda: mail_people(address, subject, body))


def revision_publish(revision, reviewer):
    """Apply the revision to the live record, in the history as one restore."""
    if revision.target() is None:
        # Deleted since: applying would bring it back, which nobody asked for.
        revision_abandon(revision)
        return
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(reviewer)
        reversion.set_comment(_history_comment(revision, reviewer))
        apply(revision)
        target = revision.target()
        if target is not None:
            reversion.add_to_revision(target)
            for item in _follow_relations_recursive(target):
                reversion.add_to_revision(item)
        revision.state = PendingRevisionState.PUBLISHED
        revision.reviewer = reviewer
        revision.reviewed_at = revision.reviewed_at or timezone.now()
        revision.published_at = timezone.now()
        revision.save()


def revision_approve(revision, reviewer, publish_at=None):
    """« Approuver et publier » now, or at `publish_at` (then by itself, see publish_due)."""
    revision.reviewer = reviewer
    revision.reviewed_at = timezone.now()
    revision.comment = ""
    if publish_at is None or publish_at <= timezone.now():
        revision_publish(revision, reviewer)
        subject = gettext("Modification publiée : %(object)s")
        body = gettext(
            "%(reviewer)s a approuvé votre modification de « %(object)s » : elle est en ligne.\n"
        )
    else:
        revision.state = PendingRevisionState.APPROVED
        revision.publish_at = publish_at
        revision.save()
        subject = gettext("Modification approuvée : %(object)s")
        body = gettext(
            "%(reviewer)s a approuvé votre modification de « %(object)s » : elle sera en "
            "ligne le %(date)s.\n"
        )
    values = {
        "reviewer": person(reviewer),
        "object": revision.object_repr,
        "date": timezone.localtime(publish_at).strftime("%d/%m/%Y à %H:%M") if publish_at else "",
    }
    _tell_author(revision, subject % values, body % values)


def revision_send_back(revision, reviewer, comment, change_url):
    """« Renvoyer avec un commentaire »: the author reads why, fixes and submits again."""
    revision.state = PendingRevisionState.RETURNED
    revision.reviewer = reviewer
    revision.reviewed_at = timezone.now()
    revision.comment = comment
    revision.save()
    values = {"reviewer": person(reviewer), "object": revision.object_repr}
    subject = gettext("Modification renvoyée : %(object)s") % values
    body = gettext(
        "%(reviewer)s vous renvoie votre modification de « %(object)s » avec ce "
        "commentaire :\n\n%(comment)s\n\nReprenez-la ici, puis soumettez-la de nouveau :\n"
        "%(url)s\n"
    ) % {**values, "comment": comment, "url": change_url}
    _tell_author(revision, subject, body)


def revision_abandon(revision):
    """The change is dropped: the published version stays as it is."""
    revision.state = PendingRevisionState.ABANDONED
    revision.save()


def abandon_for_deleted(objects):
    """The open revisions of records being deleted are dropped with them."""
    for obj in objects:
        for revision in PendingRevision.objects.open().for_object(obj):
            revision_abandon(revision)


def revision_published_directly(revision, user):
    """A reviewer saved the record directly over the pending change: it is live now."""
    revision.state = PendingRevisionState.PUBLISHED
    revision.reviewer = user
    revision.reviewed_at = revision.published_at = timezone.now()
    revision.save()


# --- Changes approved for a later date -------------------------------------------------


def next_due():
    """When the next approved change is to be published (None: nothing waits)."""
    approved = PendingRevision.objects.filter(state=PendingRevisionState.APPROVED)
    return approved.aggregate(at=Min("publish_at"))["at"]


def publish_due(now=None):
    """Publish every approved change whose time has come (each in its own transaction,
    locked so that two requests never apply the same one)."""
    now = now or timezone.now()
    pks = list(PendingRevision.objects.due(now).values_list("pk", flat=True))
    for pk in pks:
        try:
            with transaction.atomic():
                revision = (
                    PendingRevision.objects.due(now)
                    .select_for_update(skip_locked=True)
                    .filter(pk=pk)
                    .first()
                )
                if revision is not None:
                    revision_publish(revision, revision.reviewer)
        except Exception:
            # A change that no longer applies stays approved and listed; the site goes on.
            logger.exception("Modification approuvée non publiée : n° %s", pk)


# --- The kinds listed in « Validation avant publication » ------------------------------


def sync_approval_settings(models):
    """One row per kind edited in the admin, so that each can be switched on or off."""
    content_types = ContentType.objects.get_for_models(*models).values()
    existing = set(ApprovalSetting.objects.values_list("content_type_id", flat=True))
    ApprovalSetting.objects.bulk_create(
        [
            ApprovalSetting(content_type=content_type)
            for content_type in content_types
            if content_type.pk not in existing
        ]
    )
