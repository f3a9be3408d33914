"""Server error handler: a French 503 page when the database is out of reach."""

import sys

from django.db import DatabaseError, InterfaceError
from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


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
