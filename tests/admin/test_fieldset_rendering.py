"""The admin's fieldsets, written in Python by `{% admin_fieldset %}` for speed (issue 17),
give the HTML of Django's own `admin/includes/fieldset.html` on the site's forms: plain and
multi-field rows, read-only fields, checkboxes, help texts, descriptions, collapsed
fieldsets, stacked inlines, and errors in every kind of row. Only whitespace runs may
differ in length (never between present and absent)."""

import re
from pathlib import Path

import pytest
from django.contrib import admin as admin_app
from django.template import Context, Template, engines
from django.template.loader import get_template
from django.urls import reverse

from alumni.models import Alumnus
from news.models import NewsItem
from programme.models import ContactRole, Programme, ProgrammeContact, Section
from tests.admin.conftest import make_news

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]

DJANGO_FIELDSET = Path(admin_app.__file__).parent / "templates/admin/includes/fieldset.html"


def djangos_template():
    return Template(DJANGO_FIELDSET.read_text(), engine=engines["django"].engine)


def normalized(html):
    return re.sub(r"\s+", " ", str(html)).strip()


def fieldset_contexts(context):
    """The context each fieldset of a change form is rendered with, as change_form.html
    and stacked.html include the template."""
    for counter, fieldset in enumerate(context["adminform"]):
        yield {
            "fieldset": fieldset,
            "heading_level": 2,
            "prefix": "fieldset",
            "id_prefix": 0,
            "id_suffix": counter,
        }
    for parent_counter, formset in enumerate(context["inline_admin_formsets"]):
        if formset.opts.template != "admin/edit_inline/stacked.html":
            continue
        for inline_form in formset:
            for counter, fieldset in enumerate(inline_form):
                yield {
                    "fieldset": fieldset,
                    "heading_level": 4,
                    "prefix": fieldset.formset.prefix,
                    "id_prefix": parent_counter,
                    "id_suffix": counter,
                }


def assert_same_as_djangos(response):
    assert response.status_code == 200
    ours, theirs = get_template("admin/includes/fieldset.html"), djangos_template()
    assert Path(ours.origin.name) != DJANGO_FIELDSET  # the site's own version is the one used
    rendered = []
    for values in fieldset_contexts(response.context_data):
        expected = normalized(theirs.render(Context(values)))
        assert normalized(ours.render(values)) == expected
        rendered.append(expected)
    assert rendered
    return " ".join(rendered)


def test_the_fiche_formation_fieldsets_are_djangos(staff_client):
    programme = Programme.objects.get()
    ProgrammeContact.objects.create(
        programme=programme, role=ContactRole.choices[0][0], name="Claire Lambert"
    )
    url = reverse("admin:programme_programme_change", args=[programme.pk])
    html = assert_same_as_djangos(staff_client.get(url))
    # Read-only field, multi-field rows, checkboxes, descriptions and a stacked inline.
    for piece in [
        'class="readonly"',
        "form-multiline",
        "checkbox-row",
        'class="description"',
        'name="contacts-0-name"',
    ]:
        assert piece in html


def test_fieldsets_with_errors_in_every_kind_of_row_are_djangos(staff_client):
    url = reverse("admin:programme_programme_change", args=[Programme.objects.get().pk])
    html = assert_same_as_djangos(
        staff_client.post(url, {"ects": "beaucoup", "international_email": "pas-une-adresse"})
    )
    assert 'class="flex-container fieldBox field-ects errors"' in html  # in a multi-field row
    assert 'class="form-row errors field-international_email"' in html  # alone on its row


def test_a_section_with_its_collapsed_address_and_sub_parts_is_djangos(staff_client):
    parent = Section.objects.filter(parent=None, children__isnull=False).first()
    html = assert_same_as_djangos(
        staff_client.get(reverse("admin:programme_section_change", args=[parent.pk]))
    )
    assert "<details><summary>" in html
    assert 'name="children-0-title"' in html


@pytest.mark.parametrize("model", [NewsItem, Alumnus])
def test_news_and_alumni_forms_are_djangos(staff_client, model):
    make_news()
    Alumnus.objects.create(first_name="Inès", last_name="Morel", cohort=2020)
    record = model.objects.order_by("pk").first()
    info = model._meta.app_label, model._meta.model_name
    assert_same_as_djangos(
        staff_client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
    )
    assert_same_as_djangos(staff_client.post(reverse("admin:{}_{}_add".format(*info)), {}))
