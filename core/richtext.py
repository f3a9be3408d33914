"""Rich text written in the admin's WYSIWYG editor and sanitized on save.

The editor (django-prose-editor) and the sanitizer (nh3) share one list of
extensions, so the stored HTML contains exactly what the editor can produce.
"""

import re
from html import unescape

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminTextareaWidget
from django_prose_editor.fields import ProseEditorField, ProseEditorFormField, create_sanitizer
from django_prose_editor.widgets import AdminProseEditorWidget, ProseEditorWidget

# Nodes that the list and table extensions need to exist at all: without them the
# editor cannot build a list item or a cell, and the sanitizer drops <li>, <tr>, <td>…
# (the content of every list would be flattened into bare text).
_COMPANION_NODES = {
    "BulletList": ("ListItem",),
    "OrderedList": ("ListItem",),
    "Table": ("TableRow", "TableHeader", "TableCell"),
}

_sanitizer = None


def editor_extensions():
    """The site's extensions (settings.RICH_TEXT_EXTENSIONS) with their required nodes."""
    extensions = dict(settings.RICH_TEXT_EXTENSIONS)
    for extension, companions in _COMPANION_NODES.items():
        if extensions.get(extension):
            for companion in companions:
                extensions.setdefault(companion, True)
    return extensions


def sanitize_html(html):
    """Keep only the markup the site's editor produces; drop scripts, handlers, bad links."""
    global _sanitizer
    if _sanitizer is None:
        _sanitizer = create_sanitizer(editor_extensions())
    return _sanitizer(html or "")


# The editor's labels in French (toolbar, menus, dialogs): one static file, no inline script.
FRENCH_LABELS = forms.Media(js=["admin-extra/prose-editor-fr.js"])


class FrenchProseEditorWidget(ProseEditorWidget):
    @property
    def media(self):
        return super().media + FRENCH_LABELS


class FrenchAdminProseEditorWidget(AdminProseEditorWidget):
    @property
    def media(self):
        return super().media + FRENCH_LABELS


class RichTextFormField(ProseEditorFormField):
    """The editor's form field, with its widget speaking French (in the admin and outside)."""

    def __init__(self, *args, **kwargs):
        widget = kwargs.get("widget")
        is_class = isinstance(widget, type)
        if widget and (
            issubclass(widget, AdminTextareaWidget)
            if is_class
            else isinstance(widget, AdminTextareaWidget)
        ):
            kwargs["widget"] = FrenchAdminProseEditorWidget
        elif not widget or not (
            issubclass(widget, ProseEditorWidget)
            if is_class
            else isinstance(widget, ProseEditorWidget)
        ):
            kwargs["widget"] = FrenchProseEditorWidget
        super().__init__(*args, **kwargs)


class RichTextField(ProseEditorField):
    """A text field edited with the site's editor, sanitized on every save.

    Sanitizing in `pre_save` (not only in form validation) covers imports, scripts
    and data migrations too: nothing reaches the database unsanitized.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", {"extensions": editor_extensions()})
        kwargs.setdefault("sanitize", True)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField} | kwargs)

    def pre_save(self, model_instance, add):
        clean_html = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, clean_html)
        return clean_html


# A block the secretariat has still to fill in: « À compléter : nom de l'hébergeur ».
PLACEHOLDER_MARKERS = ("à compléter", "a compléter")
_BLOCK = re.compile(r"<(p|li|h[1-6]|td|th|blockquote)\b[^>]*>(.*?)</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def without_placeholders(html):
    """`html` without its blocks marked « À compléter »: a visitor never sees a gap."""

    def keep_or_drop(match):
        text = " ".join(unescape(_TAG.sub(" ", match.group(2))).split()).casefold()
        return "" if any(marker in text for marker in PLACEHOLDER_MARKERS) else match.group(0)

    return _BLOCK.sub(keep_or_drop, html or "")
