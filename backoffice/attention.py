"""Lines of the admin home's « À traiter » that belong to no content app: the site
identity's contact address, the broken links found by the last link check, the records
whose rich text has accessibility warnings (one line per kind, derived from the models),
and the changes waiting for approval (submitted, sent back, not yet submitted)."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from backoffice.linkcheck import rich_text_fields
from backoffice.models import LinkCheck, PendingRevision
from core.accessibility import check_html
from core.models import SiteIdentity
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


def records_with_accessibility_warnings(model, fields):
    """Primary keys of the (most recent) records of `model` whose rich text has warnings.

    Parsing hundreds of texts takes a second: the result is remembered until a record of
    the model changes (one aggregate query per visit), and at most ACCESSIBILITY_CACHE_SECONDS.
    """
    fingerprint = _fingerprint(model)
    key = f"accessibilite:{model._meta.label_lower}:{fingerprint}"
    if fingerprint is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    names = [field.attname for field in fields]
    rows = model._default_manager.order_by("-pk").values_list("pk", *names)
    pks = [
        row[0]
        for row in rows[:ACCESSIBILITY_SCAN_LIMIT]
        if any(check_html(html) for html in row[1:])
    ]
    if fingerprint is not None:
        cache.set(key, pks, ACCESSIBILITY_CACHE_SECONDS)
    return pks


def changelist_url(model):
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    except NoReverseMatch:
        return ""  # edited inline in another record's page: not listed on its own


def accessibility_line(model, fields):
    """(count, url) callables for the records of `model` whose text needs a second look."""

    def count():
        if not changelist_url(model):
            return 0
        return len(records_with_accessibility_warnings(model, fields))

    def url():
        pks = records_with_accessibility_warnings(model, fields)
        return f"{changelist_url(model)}?pk__in={','.join(str(pk) for pk in pks)}"

    return count, url


def register_accessibility_lines():
    for model, fields in rich_text_fields():
        opts = model._meta
        count, url = accessibility_line(model, fields)
        register_admin_attention(
            f"accessibilite-{opts.app_label}-{opts.model_name}",
            format_lazy(
                "{} : {}",
                capfirst(opts.verbose_name_plural),
                _("textes à revoir pour l'accessibilité"),
            ),
            count,
            url,
            order=75,
            permission=f"{opts.app_label}.change_{opts.model_name}",
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
