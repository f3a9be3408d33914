"""The pages that compose several apps: the home page, and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.fragments import deferred
from core.translation import active_language
from programme.models import Programme


@require_safe
def home(request):
    """What a candidate asks first, in one screen: the programme, its key facts, whether
    applications are open today, then news, events, a testimonial and whom to contact.

    Each block is left out when it has nothing to say; signed-in staff see a hint « à
    compléter » in its place, linking to where it is filled in. Their page is never cached
    (the page cache already skips anyone with a session; browsers must not keep it either).
    """
    show_hints = request.user.is_staff
    programme = deferred(Programme.load)
    response = render(
        request,
        "home.html",
        {
            # Read only when the page's stored pieces (core/fragments.py) are not enough.
            "programme": programme,
            # In English, /en/programme/ exists once the fiche is translated.
            "programme_page": deferred(
                lambda: (
                    reverse("programme:presentation")
                    if programme() is not None and programme().has_translation(active_language())
                    else ""
                )
            ),
            "show_hints": show_hints,
            "banner_in_page": True,
        },
    )
    if show_hints:
        add_never_cache_headers(response)
    return response


@never_cache
@require_safe
def health(request):
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("base de données injoignable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
