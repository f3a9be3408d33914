"""The site's URLs plus the pages the production tests need: a form, a database failure,
and an admin page holding the rich-text editor."""

from django import forms
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.urls import path

from config.urls import handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns
from core.richtext import RichTextField


def page_with_form(request):
    return HttpResponse(f'<form method="post"><input name="t" value="{get_token(request)}">')


IMPORT_MAP = '{"imports": {"editeur": "/static/editeur.js"}}'


def page_with_import_map(request):
    """A public page without a form holding an import map: stored by the page cache."""
    return HttpResponse(
        f'<!DOCTYPE html><html lang="fr"><head><script type="importmap">{IMPORT_MAP}</script>'
        "</head><body><p>Carte</p></body></html>"
    )


def database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [
    path("test-formulaire/", page_with_form),
    path("test-carte-d-import/", page_with_import_map),
    path("test-base-injoignable/", database_gone),
    *site_urlpatterns,
]


_EDITOR_PAGE = Template(
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Éditeur</title>'
    '{{ form.media }}</head><body><main><h1>Éditeur</h1><form method="post">{{ form }}'
    "</form></main></body></html>"
)


# The site's extensions, with the nodes lists and tables are made of.
EDITOR_CONFIG = {
    "extensions": {
        **settings.RICH_TEXT_EXTENSIONS,
        "ListItem": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
    }
}


def editor_page(request):
    """A page of the admin holding the rich-text editor (until a content model uses it)."""
    form_class = type(
        "EditorForm",
        (forms.Form,),
        {"corps": RichTextField(verbose_name="Corps du texte", config=EDITOR_CONFIG).formfield()},
    )
    return HttpResponse(_EDITOR_PAGE.render(Context({"form": form_class()})))


urlpatterns.insert(0, path(f"{settings.ADMIN_PATH}essai-editeur/", editor_page))
