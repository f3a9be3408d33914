"""Lines of the admin home's « À traiter » that belong to no content app: the site
identity's contact address and the broken links found by the last link check."""

from django.conf import settings
from django.urls import reverse

from backoffice.models import LinkCheck
from core.models import SiteIdentity


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
