"""The site's form renderer writes the smallest form templates in Python (issue 17): the
HTML is exactly what Django's templates give, for every widget, label and error list the
site's forms use, and a template the site overrides is rendered by its template again."""

import datetime

import pytest
from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.form_renderer import FormRenderer

TRICKY = 'L\'« été » <b>& "co"</b>'


def both(render):
    """`render(renderer)` with the site's renderer and with Django's templates alone."""
    fast = FormRenderer()
    return render(fast), render(TemplatesSetting()), fast


WIDGETS = [
    (forms.TextInput(), TRICKY, {"maxlength": 200, "required": True, "autofocus": False}),
    (forms.TextInput(), mark_safe("<em>déjà sûr</em>"), {"placeholder": gettext_lazy("Nom")}),
    (forms.TextInput(), None, {}),
    (forms.NumberInput(), 1234567, {"step": "any", "min": 0}),
    (forms.NumberInput(), 0, {"class": "vIntegerField"}),
    (forms.HiddenInput(), "42", {"id": "id_form-0-id"}),
    (forms.EmailInput(), "a@b.fr", {"aria-describedby": "id_email_helptext"}),
    (forms.URLInput(), "https://exemple.fr/?a=1&b=2", {}),
    (forms.PasswordInput(render_value=True), "secret", {}),
    (forms.CheckboxInput(), True, {"class": "action-select", "aria-label": TRICKY}),
    (forms.CheckboxInput(), False, {}),
    (forms.DateInput(), datetime.date(2026, 12, 6), {}),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 6, 21, 30, tzinfo=datetime.UTC), {}),
    (forms.TimeInput(), datetime.time(9, 5), {}),
    (forms.FileInput(), None, {"accept": "application/pdf"}),
    (forms.Textarea(), TRICKY + "\n\nsecond paragraphe", {"rows": 3, "cols": 40}),
    (forms.Textarea(), "", {}),
    (forms.Textarea(), None, {"disabled": True}),
    (admin_widgets.AdminTextInputWidget(), TRICKY, {"id": "id_title"}),
    (admin_widgets.AdminIntegerFieldWidget(), 7, {}),
    (admin_widgets.AdminEmailInputWidget(), "x@y.fr", {}),
    (admin_widgets.AdminTextareaWidget(), TRICKY, {}),
    (forms.Select(choices=[("a", "A")]), "a", {}),  # not written in Python: its template
]


@pytest.mark.parametrize(("widget", "value", "attrs"), WIDGETS)
def test_a_widget_renders_as_its_template_does(widget, value, attrs):
    fast, template, _renderer = both(lambda r: widget.render("champ", value, attrs, renderer=r))
    assert fast == template


class SampleForm(forms.Form):
    title = forms.CharField(label="Titre « court »")
    count = forms.IntegerField(label="Nombre ?", required=False, help_text="Au plus 10.")
    agree = forms.BooleanField(label=mark_safe("J'accepte <abbr>CGU</abbr>"))


@pytest.mark.parametrize("data", [None, {"title": "", "count": "dix"}, {"title": "ok"}])
@pytest.mark.parametrize("auto_id", ["id_%s", False])
def test_labels_errors_and_whole_forms_render_as_their_templates_do(data, auto_id):
    def render(renderer):
        form = SampleForm(data, auto_id=auto_id, renderer=renderer)
        form.required_css_class = "required"
        labels = [form[name].label_tag(attrs={"class": "inline"}) for name in form.fields]
        errors = [str(form[name].errors) + form[name].errors.as_ul() for name in form.fields]
        return [*labels, *errors, str(form), form.as_p(), form.as_table()]

    fast, template, _renderer = both(render)
    assert fast == template


def test_the_python_writing_is_used_for_djangos_own_templates():
    renderer = FormRenderer()
    for name in ["django/forms/widgets/text.html", "django/forms/label.html"]:
        assert renderer._python_for(name) is not None
    assert renderer._python_for("django/forms/widgets/select.html") is None


def test_a_template_the_site_overrides_is_rendered_by_it(settings, tmp_path):
    override = tmp_path / "django/forms/widgets"
    override.mkdir(parents=True)
    (override / "text.html").write_text('<input data-site="oui" name="{{ widget.name }}">')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    html = forms.TextInput().render("champ", "x", renderer=FormRenderer())
    assert html == '<input data-site="oui" name="champ">'
