"""Shareable preview links: a draft shown to someone without an account.

Staff create a link from the admin of any `Publishable` record; the link is the
record's public URL with `?apercu=<signed token>`. It expires after
`PREVIEW_LINK_DAYS` days (7 by default) and can be revoked at any time.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from core.models import PreviewLink

PREVIEW_PARAMETER = "apercu"
_SALT = "core.preview"


def preview_link_days():
    return getattr(settings, "PREVIEW_LINK_DAYS", 7)


def preview_link_create(obj, user=None, now=None):
    """A new active link to `obj`, valid for `preview_link_days()` days."""
    now = now or timezone.now()
    with transaction.atomic():
        return PreviewLink.objects.create(
            target=obj,
            token=secrets.token_urlsafe(32),
            created_by=user if user is not None and user.is_authenticated else None,
            expires_at=now + timedelta(days=preview_link_days()),
        )


def preview_link_revoke(link, now=None):
    """Stop the link from working, for good."""
    if link.revoked_at is None:
        link.revoked_at = now or timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def preview_url(link, obj=None):
    """The record's public URL carrying the signed token (the fragment kept last)."""
    obj = obj if obj is not None else link.target
    path, _, fragment = obj.get_absolute_url().partition("#")
    separator = "&" if "?" in path else "?"
    value = signing.Signer(salt=_SALT).sign(link.token)
    url = f"{path}{separator}{PREVIEW_PARAMETER}={value}"
    return f"{url}#{fragment}" if fragment else url


def preview_link_from_request(request, now=None):
    """The active link named by the request's `?apercu=`, or None (absent, forged, expired)."""
    value = request.GET.get(PREVIEW_PARAMETER)
    if not value:
        return None
    try:
        token = signing.Signer(salt=_SALT).unsign(value)
    except signing.BadSignature:
        return None
    return (
        PreviewLink.objects.active(now).select_related("content_type").filter(token=token).first()
    )


def preview_link_opens(link, obj):
    """Whether `link` was made for exactly this record."""
    return (
        link is not None
        and link.content_type.model_class() is type(obj)._meta.concrete_model
        and link.object_id == obj.pk
    )
