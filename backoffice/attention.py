"""Lines of the admin home's « À traiter » that belong to no content app: the site
identity's contact address, the broken links found by the last link check, the records
whose rich text has accessibility warnings (one line per kind, derived from the models),
and the changes waiting for approval (submitted, sent back, not yet submitted)."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from backoffice.linkcheck import rich_text_fields
from backoffice.models import LinkCheck, PendingRevision
from core.accessibility import record_warnings
from core.models import SiteIdentity
from core.publication import PublicationStatus, PublishableQuerySet
from core.registry import register_admin_attention

# Records read per kind on each admin home (the most recent): the check stays cheap on a
# site with thousands of news items; older texts are checked when saved again.
ACCESSIBILITY_SCAN_LIMIT = 300
# How long a result is remembered at most (a change made by `QuerySet.update()`, which
# leaves the modification date alone, shows after this delay).
ACCESSIBILITY_CACHE_SECONDS = 600


def identity_url():
    """The site identity's change page (its add page on a site that has none yet)."""
    if SiteIdentity.objects.filter(pk=1).exists():
        return reverse("admin:core_siteidentity_change", args=[1])
    return reverse("admin:core_siteidentity_add")


def _has_contact_email():
    identity = SiteIdentity.load()
    return identity is not None and bool(identity.contact_email)


def missing_contact_email_count():
    """1 when the identity has no contact address but mail still reaches the managers."""
    return int(not _has_contact_email() and bool(settings.MANAGERS))


def nobody_gets_mail_count():
    """1 when no secretariat address exists at all (`core.mail.secretariat_recipients`):
    contact messages are stored, but nobody is told."""
    return int(not _has_contact_email() and not settings.MANAGERS)


def broken_links_count():
    """Broken links found by the last check (no crawling here)."""
    last = LinkCheck.last()
    return len(last.broken) if last is not None else 0


def link_report_url():
    return reverse("admin:link_report")


def _fingerprint(model):
    """What changes whenever a record of `model` is added, deleted or saved (None when the
    model keeps no modification date: then nothing is remembered)."""
    field_names = {field.name for field in model._meta.get_fields()}
    if "updated_at" not in field_names:
        return None
    state = model._default_manager.aggregate(
        count=Count("pk"), last=Max("pk"), changed=Max("updated_at")
    )
    changed = state["changed"].timestamp() if state["changed"] else 0
    return f"{state['count']}:{state['last']}:{changed}"


def image_fields(model):
    """Names of the fields of `model` pointing to a picture of the media library."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.many_to_one
        and field.related_model is not None
        and field.related_model._meta.label_lower == "core.image"
    ]


def public_records(model):
    """The records of `model` the public sees or will see: published or scheduled for a
    publishable kind (a draft is checked when staff look at it), every record otherwise."""
    queryset = model._default_manager.all()
    if isinstance(queryset, PublishableQuerySet):
        queryset = queryset.filter(status=PublicationStatus.PUBLISHED)
    return queryset


def records_with_accessibility_warnings(model):
    """Primary keys of the (most recent) published or scheduled records of `model` that
    have accessibility warnings (core.accessibility.record_warnings: rich text, pictures).

    Parsing hundreds of texts takes a second: the result is remembered until a record of
    the model changes (one aggregate query per visit), and at most ACCESSIBILITY_CACHE_SECONDS
    (a picture's alt text corrected in the media library shows after that delay).
    """
    fingerprint = _fingerprint(model)
    key = f"accessibilite-publics:{model._meta.label_lower}:{fingerprint}"
    if fingerprint is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    records = (public_records(model).select_related(*image_fields(model)).order_by("-pk"))[
        :ACCESSIBILITY_SCAN_LIMIT
    ]
    pks = [obj.pk for obj in records if record_warnings(obj)]
    if fingerprint is not None:
        cache.set(key, pks, ACCESSIBILITY_CACHE_SECONDS)
    return pks


def changelist_url(model):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return ""  # edited inline in another record's page: not listed on its own


def checked_kinds(user):
    """The models with rich text that `user` may change from their own admin list."""
    return [
        model
        for model, _fields in rich_text_fields()
        if changelist_url(model)
        and user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]


def accessibility_count(user):
    return sum(len(records_with_accessibility_warnings(model)) for model in checked_kinds(user))


def accessibility_report_url(user):
    return reverse("admin:accessibility_report")


def register_accessibility_lines():
    register_admin_attention(
        "accessibilite",
        _("Contenus publiés ou programmés avec des points d'accessibilité à revoir"),
        accessibility_count,
        accessibility_report_url,
        order=75,
        per_user=True,
    )


def pending_revision_count(state):
    """Count of the changes waiting for approval in `state` (one query)."""

    def count():
        return PendingRevision.objects.filter(state=state).count()

    return count


def pending_revisions_url(state):
    def url():
        return f"{reverse('admin:backoffice_pendingrevision_changelist')}?state__exact={state}"

    return url
