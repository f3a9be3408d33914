"""The admin's fieldsets rendered in Python (issue 17: the fiche formation's change form).

Django's `admin/includes/fieldset.html` resolves some thirty template variables per field
(`field.field.name`, `line.fields|length`…): on the fiche's hundred fields and more that
loop cost more than the widgets themselves. `{% admin_fieldset %}` writes the same HTML,
condition by condition, from the same objects (Fieldset, Fieldline, AdminField,
AdminReadonlyField); tests/admin/test_fieldset_rendering.py compares it with Django's
template on the site's forms. Whitespace runs are kept where the template has them, one
character long.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _name(field):
    """`field.field.name` in the template: a bound field's name, or the read-only field's
    key."""
    inner = field.field
    return inner["name"] if isinstance(inner, dict) else inner.name


def _field_value(field, key, default=None):
    inner = field.field
    if isinstance(inner, dict):
        return inner.get(key, default)
    return getattr(inner, key, default)


def _field_errors(field):
    """`field.errors` of an editable field, without rendering the template of an empty list
    (it renders to nothing)."""
    errors = field.field.errors
    return field.errors() if errors else ""


def _line_errors(line, fields):
    if any(not field.is_readonly and field.field.errors for field in fields):
        return line.errors()
    return ""


@register.simple_tag(takes_context=True)
def admin_fieldset(context):
    def out(value):
        return render_value_in_context(value, context)

    fieldset = context.get("fieldset")
    prefix = out(context.get("prefix", ""))
    id_prefix = out(context.get("id_prefix", ""))
    id_suffix = out(context.get("id_suffix", ""))
    heading_id = f"{prefix}-{id_prefix}-{id_suffix}-heading"
    level = out(context.get("heading_level") or 2)
    html = [f'<fieldset class="module aligned {out(fieldset.classes)}"']
    if fieldset.name:
        html.append(f' aria-labelledby="{heading_id}"')
    html.append(">\n")
    if fieldset.name:
        if fieldset.is_collapsible:
            html.append("<details><summary>")
        html.append(
            f'\n<h{level} id="{heading_id}" class="fieldset-heading">{out(fieldset.name)}'
            f"</h{level}>\n"
        )
        if fieldset.is_collapsible:
            html.append("</summary>")
        html.append("\n")
    if fieldset.description:
        html.append(f'\n<div class="description">{mark_safe(str(fieldset.description))}</div>\n')
    for line in fieldset:
        fields = list(line)
        single = len(line.fields) == 1
        classes = "form-row"
        if single and _line_errors(line, fields):
            classes += " errors"
        if not line.has_visible_field:
            classes += " hidden"
        for field in fields:
            name = _name(field)
            if name:
                classes += f" field-{out(name)}"
        html.append(f'\n<div class="{classes}">\n')
        if single:
            html.append(out(_line_errors(line, fields)))
        else:
            html.append('<div class="flex-container form-multiline">')
        html.append("\n")
        for field in fields:
            html.append("\n<div>\n")
            if not single and not field.is_readonly:
                html.append(out(_field_errors(field)))
            box = "flex-container"
            if not single:
                box += " fieldBox"
                name = _name(field)
                if name:
                    box += f" field-{out(name)}"
                if not field.is_readonly and _field_errors(field):
                    box += " errors"
                if _field_value(field, "is_hidden"):
                    box += " hidden"
            if field.is_checkbox:
                box += " checkbox-row"
            html.append(f'\n<div class="{box}">\n')
            if field.is_checkbox:
                html.append(out(field.field) + out(field.label_tag()))
            else:
                html.append(out(field.label_tag()) + "\n")
                if field.is_readonly:
                    html.append(f'<div class="readonly">{out(field.contents())}</div>')
                else:
                    html.append(out(field.field))
            html.append("\n</div>\n")
            help_text = _field_value(field, "help_text")
            if help_text:
                html.append('\n<div class="help')
                if _field_value(field, "is_hidden"):
                    html.append(" hidden")
                html.append('"')
                id_for_label = _field_value(field, "id_for_label")
                if id_for_label:
                    html.append(f' id="{out(id_for_label)}_helptext"')
                html.append(f">\n<div>{mark_safe(str(help_text))}</div>\n</div>\n")
            html.append("\n</div>\n")
        if not single:
            html.append("\n</div>")
        html.append("\n</div>\n")
    if fieldset.name and fieldset.is_collapsible:
        html.append("\n</details>")
    html.append("\n</fieldset>")
    return SafeString("".join(html))
