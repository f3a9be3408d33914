"""Keep the sites framework's record in line with the SITE_DOMAIN setting.

django.contrib.sites creates Site 1 as « example.com »; the RSS feed and the calendar
files build absolute addresses from it. Syncing it after every migrate (idempotent: only
writes when something differs) makes the setting the single source of truth.
"""

from django.conf import settings
from django.contrib.sites.models import Site


def sync_site_domain(using="default", **kwargs):
    """Create or correct the current Site from SITE_DOMAIN and SITE_NAME."""
    site_id = getattr(settings, "SITE_ID", 1)
    wanted = {"domain": settings.SITE_DOMAIN, "name": settings.SITE_NAME}
    site = Site.objects.using(using).filter(pk=site_id).first()
    if site is None:
        Site.objects.using(using).create(pk=site_id, **wanted)
    elif (site.domain, site.name) != (wanted["domain"], wanted["name"]):
        Site.objects.using(using).filter(pk=site_id).update(**wanted)
    # The framework caches the current site per process.
    Site.objects.clear_cache()


def sync_site_domain_after_migrate(sender, using="default", **kwargs):
    # Only once the sites table exists (post_migrate runs for every app).
    if sender.label != "sites":
        return
    sync_site_domain(using=using)
