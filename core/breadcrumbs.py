"""Breadcrumbs: each page names its trail; the layout renders it (and its JSON-LD)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True, repr=False)
class Crumb:
    label: str
    url: str | None = None  # None for the current page, the last crumb

    def __repr__(self):
        # The label as read (a lazy translation otherwise shows as an object's address):
        # the trail is part of the key of its stored piece (base.html).
        return f"Crumb({str(self.label)!r}, {self.url!r})"


def trail(*crumbs):
    """The full trail from « Accueil » to the current page."""
    return [Crumb(_("Accueil"), reverse("home")), *crumbs]


class BreadcrumbsMixin:
    """Class-based view mixin: `get_breadcrumbs()` returns the crumbs after « Accueil »."""

    def get_breadcrumbs(self):
        return []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = trail(*self.get_breadcrumbs())
        return context
