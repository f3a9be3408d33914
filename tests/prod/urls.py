"""The site's URLs plus two pages the cache tests need: a form, and a database failure."""

from django.db import OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def page_with_form(request):
    return HttpResponse(f'<form method="post"><input name="t" value="{get_token(request)}">')


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [
    path("test-formulaire/", page_with_form),
    path("test-base-injoignable/", database_gone),
    *site_urlpatterns,
]
