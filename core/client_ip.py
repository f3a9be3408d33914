"""The visitor's address, the same for every per-address limit (login lockout, anti-spam)."""

from django.conf import settings


def client_ip(request):
    """The visitor's address, seen through `settings.TRUSTED_PROXY_COUNT` reverse proxies.

    Only the entries added by our own proxies are trusted: the left part of
    X-Forwarded-For is written by the client and could name anyone. With no trusted proxy
    (the default), X-Forwarded-For is ignored and REMOTE_ADDR is the visitor.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
