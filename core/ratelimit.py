"""Per-address limits on public forms: one mechanism for every form a visitor can post.

The count is kept in the cache (shared by all app servers in production), per form and per
visitor address as `core.client_ip` reads it behind the configured proxies, so the login
lockout, the anti-spam forms and the password reset all agree on who the visitor is. A
visitor over the limit gets the form back with a French message and what they typed: the
limit refuses the sending, never the content.
"""

import hashlib
import time

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.client_ip import client_ip

WINDOW_SECONDS = 3600

MESSAGE = _(
    "Trop d'envois depuis votre connexion en peu de temps. "
    "Réessayez dans une heure, ou écrivez-nous directement par courriel."
)


def _key(request, scope):
    # Hashed: the cache holds no visitor address in clear.
    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(time.time() // WINDOW_SECONDS)}"


def is_over_limit(request, scope, per_hour):
    """Count one sending of form `scope` by this visitor; True once past `per_hour`."""
    key = _key(request, scope)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > per_hour


class RateLimitedFormMixin:
    """For a form built with the request (`self.request`): `clean()` refuses the sending
    past `rate_limit_per_hour` per visitor address, as a form-wide error in French."""

    rate_limit_scope = "form"
    rate_limit_per_hour = 5

    def check_rate_limit(self):
        if is_over_limit(self.request, self.rate_limit_scope, self.rate_limit_per_hour):
            raise forms.ValidationError(MESSAGE, code="rate_limited")
