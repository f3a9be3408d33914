"""The site's form renderer: Django's `TemplatesSetting`, with the smallest form templates,
which every page of the admin renders hundreds of times (an `<input>`, a `<textarea>`, a
`<label>`, an empty error list), written in Python (issue 17: the admin's lists and forms
at 10,000 news items).

A template is rendered in Python only while the one found is Django's own file, with the
exact text that the Python code writes out: a template overridden by the site, or changed
by a new version of Django, is rendered by its template again. tests/core/
test_form_renderer.py compares both renderings over the widgets the site uses.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import TemplatesSetting
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeData, mark_safe

DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"

ATTRS = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
    "{% endfor %}"
)
INPUT = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
    "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>\n'
)
INCLUDE_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
TEXTAREA = (
    '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
    "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
)
LABEL_ATTRS = ATTRS.replace("widget.attrs.items", "attrs.items")
LABEL = (
    "{% if use_tag %}<{{ tag }}{% include 'django/forms/attrs.html' %}>{{ label }}</{{ tag }}>"
    "{% else %}{{ label }}{% endif %}\n"
)
ERRORS_UL = (
    '{% if errors %}<ul class="{{ error_class }}"{% if errors.field_id %} '
    'id="{{ errors.field_id }}_error"{% endif %}>{% for error in errors %}<li>{{ error }}</li>'
    "{% endfor %}</ul>{% endif %}"
)
INCLUDE_ERRORS_UL = '{% include "django/forms/errors/list/ul.html" %}\n'

_CONTEXT = Context()  # what a form template is rendered with: autoescape on, no l10n override


def _out(value):
    """`{{ value }}` in a form template."""
    return render_value_in_context(value, _CONTEXT)


def _stringformat(value):
    """`value|stringformat:'s'`, safe when the value was."""
    if isinstance(value, tuple):
        value = str(value)
    try:
        result = "%s" % value  # noqa: UP031 (exactly what the filter does)
    except (ValueError, TypeError):
        return ""
    return mark_safe(result) if isinstance(value, SafeData) else result


def _attrs(attrs):
    html = []
    for name, value in attrs.items():
        if value is not False:
            html.append(" " + _out(name))
            if value is not True:
                html.append('="' + _out(_stringformat(value)) + '"')
    return "".join(html)


def _plain(values):
    """Values the template would read as they are (a callable one it would call)."""
    return not any(callable(value) for value in values)


def _input(context):
    widget = context["widget"]
    value = widget.get("value")
    if not _plain([value, *widget["attrs"].values()]):
        return None
    html = f'<input type="{_out(widget.get("type", ""))}" name="{_out(widget["name"])}"'
    if value is not None:
        html += f' value="{_out(_stringformat(value))}"'
    return html + _attrs(widget["attrs"]) + ">"


def _textarea(context):
    widget = context["widget"]
    value = widget.get("value")
    if not _plain([value, *widget["attrs"].values()]):
        return None
    html = f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n'
    return html + (_out(value) if value else "") + "</textarea>"


def _label(context):
    attrs = context["attrs"] or {}
    if not isinstance(attrs, dict) or not _plain(attrs.values()):
        return None
    label = _out(context["label"])
    if not context["use_tag"]:
        return label.strip()
    tag = _out(context["tag"])
    return f"<{tag}{_attrs(attrs)}>{label}</{tag}>"


def _errors(context):
    # Only the empty list, rendered for every field of every form: an error list is rare.
    return "" if not context["errors"] else None


# The widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_WIDGETS = [
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
]
_INPUT_FILES = {
    "django/forms/widgets/input.html": INPUT,
    "django/forms/widgets/attrs.html": ATTRS,
}
_ERRORS_FILES = {"django/forms/errors/list/ul.html": ERRORS_UL}
# Each template the Python code stands for: the function, and the Django files it reads
# (itself and what it includes) with their expected text.
_PYTHON = {
    "django/forms/widgets/input.html": (_input, _INPUT_FILES),
    **{
        f"django/forms/widgets/{name}.html": (
            _input,
            {f"django/forms/widgets/{name}.html": INCLUDE_INPUT, **_INPUT_FILES},
        )
        for name in INPUT_WIDGETS
    },
    "django/forms/widgets/textarea.html": (
        _textarea,
        {
            "django/forms/widgets/textarea.html": TEXTAREA,
            "django/forms/widgets/attrs.html": ATTRS,
        },
    ),
    "django/forms/label.html": (
        _label,
        {"django/forms/label.html": LABEL, "django/forms/attrs.html": LABEL_ATTRS},
    ),
    "django/forms/errors/list/ul.html": (_errors, _ERRORS_FILES),
    "django/forms/errors/list/default.html": (
        _errors,
        {"django/forms/errors/list/default.html": INCLUDE_ERRORS_UL, **_ERRORS_FILES},
    ),
}


class FormRenderer(TemplatesSetting):
    """Form templates looked up in the site's templates too (the public forms' layout), the
    smallest ones rendered in Python while they are Django's own."""

    def __init__(self):
        super().__init__()
        self._python = {}

    def _python_for(self, template_name):
        """The Python rendering of `template_name`, or None where its template must render."""
        if template_name not in self._python:
            function, files = _PYTHON.get(template_name, (None, {}))
            if function is not None and not all(
                self._is_djangos(name, text) for name, text in files.items()
            ):
                function = None
            self._python[template_name] = function
        return self._python[template_name]

    def _is_djangos(self, template_name, text):
        try:
            origin = Path(self.get_template(template_name).template.origin.name)
        except AttributeError:  # found by another template engine than Django's
            return False
        return origin == DJANGO_FORM_TEMPLATES / template_name and origin.read_text() == text

    def render(self, template_name, context, request=None):
        function = self._python_for(template_name)
        if function is not None and request is None:
            try:
                html = function(context)
            except (KeyError, AttributeError, TypeError):
                html = None  # a context these templates are not written for
            if html is not None:
                return html.strip()
        return super().render(template_name, context, request)
