"""The site's URLs plus a public page, in both languages, whose database is out of reach."""

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def failing(request):
    raise RuntimeError("une erreur inattendue")


urlpatterns = [
    *i18n_patterns(
        path("essai-base-injoignable/", database_gone),
        path("essai-erreur/", failing),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
