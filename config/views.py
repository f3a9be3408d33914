"""The pages that compose several apps: the home page, and the health check."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from programme.models import Programme


@require_safe
def home(request):
    return render(request, "home.html", {"programme": Programme.load()})


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
