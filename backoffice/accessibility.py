"""Accessibility warnings next to each rich-text field of the admin, as staff type.

One rule set (core.accessibility.check_html), run on the server: rendered under the field
with the form (nothing needs JavaScript), and again by a small staff-only JSON view that
admin-extra/accessibility-check.js calls while staff type.
"""

from django import forms
from django.forms.renderers import get_default_renderer
from django.http import JsonResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.accessibility import check_html
from core.richtext import FrenchAdminProseEditorWidget, RichTextField, sanitize_html

# Longest text the live check reads (characters): far above any page of the site, and
# a bound on the work one request can ask of the server.
MAX_CHECKED_LENGTH = 200_000
_EDITOR_MEDIA = {}


def warnings_for(html):
    """The warnings for `html` as it would be stored (sanitized first, as on save)."""
    return check_html(sanitize_html(html))


class CheckedRichTextWidget(FrenchAdminProseEditorWidget):
    """The admin's editor with the current accessibility warnings listed under it."""

    template_name = "admin/widgets/checked_rich_text.html"

    @property
    def media(self):
        # The same files for every editor of a preset: combined once, not for each of the
        # thirty editors of the fiche formation's form.
        if self.preset not in _EDITOR_MEDIA:
            _EDITOR_MEDIA[self.preset] = super().media + forms.Media(
                css={"all": ["admin-extra/admin-extra.css"]},
                js=["admin-extra/accessibility-check.js"],
            )
        return _EDITOR_MEDIA[self.preset]

    def _render(self, template_name, context, renderer=None):
        # The <textarea> through the form renderer, which writes it in Python, rather than
        # included by this widget's template: the fiche formation has thirty editors.
        renderer = renderer or get_default_renderer()
        context["textarea"] = mark_safe(
            renderer.render("django/forms/widgets/textarea.html", context)
        )
        return super()._render(template_name, context, renderer)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["accessibility"] = {
            "warnings": warnings_for(value) if isinstance(value, str) else [],
            "check_url": reverse("admin:accessibility_check"),
        }
        return context


class AccessibilityCheckMixin:
    """For a ModelAdmin or an inline: its rich-text fields get the checked editor."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, RichTextField):
            kwargs["widget"] = CheckedRichTextWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@require_POST
def accessibility_check(request):
    """{"warnings": […]} for the HTML posted in `html` (what the editor holds now)."""
    html = request.POST.get("html")
    if html is None or len(html) > MAX_CHECKED_LENGTH:
        return JsonResponse(
            {"error": gettext("Texte absent ou trop long pour être vérifié.")}, status=400
        )
    return JsonResponse({"warnings": warnings_for(html)})
