"""Error handlers: the 404 page, and a French 503 page when the database is out of reach."""

import sys

from django.db import DatabaseError, InterfaceError
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from core.fragments import cached_fragment


@requires_csrf_token
def page_not_found(request, exception):
    """404.html, the same for every missing address: bots ask for thousands of them, so a
    visitor's page is rendered once per content version (core/fragments.py). It names no
    address of its own (no canonical link: the missing one is no page)."""
    body = cached_fragment(
        request,
        "page-not-found",
        (),
        lambda: loader.render_to_string("404.html", {"not_found": True}, request),
    )
    return HttpResponseNotFound(body)


@requires_csrf_token
def server_error(request):
    """500.html, or 503.html when the failure is the database (neither template queries)."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError | InterfaceError):
        response = HttpResponseServerError(loader.get_template("503.html").render())
        response.status_code = 503
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
