"""Build the POST data an admin change form would send, from the page staff see."""

from django import forms

# File inputs send nothing unless a new file is chosen.
FILE_WIDGET_TYPES = {"clearablefile", "adminfile", "file"}


def _field_values(form):
    data = {}
    for bound_field in form:
        value = bound_field.value()
        if bound_field.widget_type == "checkbox":
            if value:
                data[bound_field.html_name] = "on"
            continue
        if value is None or bound_field.widget_type in FILE_WIDGET_TYPES:
            continue
        widget = bound_field.field.widget
        if isinstance(widget, forms.MultiWidget):
            # A date and a time, each in its own input (published_at_0, published_at_1).
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, subwidget, part in zip(
                widget.widgets_names, widget.widgets, parts, strict=True
            ):
                data[bound_field.html_name + suffix] = subwidget.format_value(part) or ""
            continue
        if isinstance(value, list | tuple):
            data[bound_field.html_name] = [str(item) for item in value]
        elif hasattr(value, "pk"):
            data[bound_field.html_name] = str(value.pk)
        else:
            data[bound_field.html_name] = bound_field.field.widget.format_value(value) or ""
    return data


def admin_form_data(response, **changes):
    """The change form's current values (main form and inlines), with `changes` applied."""
    data = _field_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_field_values(formset.management_form))
        for form in formset.forms:
            data.update(_field_values(form))
    data.update(changes)
    data.setdefault("_save", "Enregistrer")
    return data
