"""Build the POST data an admin change form would send, from the page staff see."""


def _field_values(form):
    data = {}
    for bound_field in form:
        value = bound_field.value()
        if bound_field.widget_type == "checkbox":
            if value:
                data[bound_field.html_name] = "on"
            continue
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[bound_field.html_name] = [str(item) for item in value]
        elif hasattr(value, "pk"):
            data[bound_field.html_name] = str(value.pk)
        elif bound_field.widget_type == "clearablefile":
            continue
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
