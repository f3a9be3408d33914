"""Staff edit the programme in both languages side by side: each field and its English twin
on one row (inlines included), both saved, in the history and through approval; the fiche's
check counts the English translations still missing, without holding anything up."""

from datetime import date

import pytest
from django.contrib.messages import WARNING
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from backoffice.models import PendingRevision
from programme.admin import translation_summary
from programme.models import AdmissionPhase, ContactRole, Programme, Section, translation_gaps
from tests.admin.test_attention import panel
from tests.contract.html import AdminForm
from tests.html import errors_in, parse_html, text_of
from tests.programme.conftest import FILLED_FICHE, make_section, make_semester
from tests.staff import sign_in_two_step

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_content")]


def rows_with_twins(tree):
    """{field: its row's fields} for each admin row holding a field and its English twin."""
    rows = {}
    for element in tree.iter("div"):
        classes = element.get("class", "").split()
        if "form-row" not in classes:
            continue
        names = [name.removeprefix("field-") for name in classes if name.startswith("field-")]
        for name in names:
            if f"{name}_en" in names:
                rows[name] = names
    return rows


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_the_fiche_form_pairs_each_text_with_its_english_twin(staff_client):
    programme = Programme.load()
    programme.contacts.create(role=ContactRole.SECRETARIAT, name="Secrétariat")
    tree = parse_html(staff_client.get(change_url(programme)))
    rows = rows_with_twins(tree)
    for name in ("name", "pitch", "objectives", "rhythm", "fees_notes", "french_certificates"):
        assert name in rows, name
    # The contacts' inline too; codes and telephone numbers have no twin.
    assert "title" in rows and "opening_hours" in rows
    names = {element.get("name") for element in tree.iter("input")}
    assert "contacts-0-title_en" in names
    assert not {"rncp_code_en", "disability_contact_phone_en", "monmaster_url_en"} & names


def test_the_section_form_and_its_sub_parts_inline_pair_the_languages(staff_client):
    why = Section.objects.get(slug="pourquoi-ce-master")
    tree = parse_html(staff_client.get(change_url(why)))
    rows = rows_with_twins(tree)
    assert "title" in rows and "body" in rows
    names = {element.get("name") for element in tree.iter("input")}
    assert {"title_en", "children-0-title_en"} <= names
    assert "slug_en" not in names  # published with its English anchor: read-only


def test_a_semester_and_its_units_pair_the_languages(staff_client):
    semester = make_semester(units=[("UE 1", "Sociologie", 30, 20, 10)])
    tree = parse_html(staff_client.get(change_url(semester)))
    names = {element.get("name") for element in tree.iter("input")}
    assert {"title_en", "summary_en", "units-0-title_en"} <= names
    unit = semester.units.get()
    unit.courses.create(title="Enquête")
    tree = parse_html(staff_client.get(change_url(unit)))
    names = {element.get("name") for element in tree.iter("input")}
    assert {"title_en", "courses-0-title_en"} <= names


def test_both_languages_are_saved_and_the_history_compares_the_english_text(staff_client):
    section = make_section("Débouchés", order=99, body="<p>Les métiers.</p>")
    url = change_url(section)
    form = AdminForm(parse_html(staff_client.get(url)))
    form.data.update(title_en="Careers", body_en="<p>The jobs.</p>", body="<p>Les emplois.</p>")
    response = staff_client.post(url, {**form.data, "_save": "Enregistrer"})
    assert response.status_code == 302, errors_in(parse_html(response))
    section.refresh_from_db()
    assert (section.title, section.title_en) == ("Débouchés", "Careers")
    assert (section.body, section.body_en) == ("<p>Les emplois.</p>", "<p>The jobs.</p>")
    assert section.slug_en == "careers"

    form = AdminForm(parse_html(staff_client.get(url)))
    form.data.update(body_en="<p>The careers.</p>")
    response = staff_client.post(url, {**form.data, "_save": "Enregistrer"})
    assert response.status_code == 302, errors_in(parse_html(response))
    oldest = Version.objects.get_for_object(section).order_by("pk").first()
    compare = reverse("admin:programme_section_compare", args=[section.pk, oldest.pk])
    changed = parse_html(staff_client.get(compare)).find(".//*[@id='champs-modifies']")
    assert "texte (anglais)" in text_of(changed).lower()
    assert "The careers." in text_of(changed)


def test_a_published_english_anchor_is_read_only_in_the_admin(staff_client):
    section = make_section("Débouchés", order=99, title_en="Careers")
    names = {e.get("name") for e in parse_html(staff_client.get(change_url(section))).iter("input")}
    assert "slug_en" not in names and "slug" not in names
    untranslated = make_section("Sans traduction", order=98)
    names = {
        e.get("name") for e in parse_html(staff_client.get(change_url(untranslated))).iter("input")
    }
    assert "slug_en" in names  # still to be given


def test_english_texts_of_the_fiche_go_through_approval(
    staff_client, programme_manager, client, without_approval
):
    from backoffice.models import ApprovalSetting

    ApprovalSetting.objects.update(approval_required=True)
    programme = Programme.load()
    url = change_url(programme)
    form = AdminForm(parse_html(staff_client.get(url)))
    form.data["pitch_en"] = "A new English pitch."
    response = staff_client.post(url, {**form.data, "_save": "Enregistrer", "_soumettre": "1"})
    assert response.status_code == 302, errors_in(parse_html(response))
    programme.refresh_from_db()
    assert programme.pitch_en != "A new English pitch."
    assert PendingRevision.objects.count() == 1

    reviewer = sign_in_two_step(Client(), programme_manager)
    review = reverse("admin:programme_programme_review", args=[programme.pk])
    assert reviewer.post(review, {"approuver": "1"}).status_code == 302
    programme.refresh_from_db()
    assert programme.pitch_en == "A new English pitch."
    with translation.override("en"):
        page = client.get(reverse("programme:presentation")).content.decode()
    assert "A new English pitch." in page


# --- What is still to translate ------------------------------------------------------------


def test_the_gaps_list_each_record_and_its_untranslated_fields(site_content):
    programme = Programme.load()
    assert translation_gaps(programme) == []  # the real content comes translated
    for field, value in FILLED_FICHE.items():
        setattr(programme, field, value)
    programme.objectives_en = "<p>To train managers.</p>"
    programme.save()
    programme.contacts.create(role=ContactRole.SECRETARIAT, name="Secrétariat", title="Scolarité")
    make_semester(units=[("UE 1", "Sociologie", 30, 20, 10)])
    AdmissionPhase.objects.create(
        track="m1",
        label="Phase principale",
        opens_on=date(2027, 3, 1),
        closes_on=date(2027, 3, 24),
    )
    make_section("Partie non traduite", order=99, body="<p>Texte.</p>")
    gaps = dict(translation_gaps(programme))
    fiche = gaps["Fiche formation"]
    assert "stage" in fiche and "rythme des enseignements" in fiche
    assert "objectifs" not in fiche  # translated
    assert "texte cherché" not in fiche  # composed on save, nobody's to translate
    assert gaps["Contact « Secrétariat »"] == ["fonction"]
    assert gaps["Semestre « Semestre 1 »"] == ["intitulé"]
    assert gaps["UE « UE 1 — Sociologie »"] == ["intitulé"]
    assert gaps["Phase de candidature « Entrée en M1 (MonMaster) — Phase principale »"] == [
        "intitulé"
    ]
    assert gaps["Partie « Partie non traduite »"] == ["titre", "texte"]


def test_the_fiche_check_counts_the_missing_translations_in_french(staff_client):
    programme = Programme.load()
    programme.rhythm = "Cours du lundi au mercredi"
    programme.internship = "<p>Six mois.</p>"
    programme.save()
    count = sum(len(fields) for _record, fields in translation_gaps(programme))
    assert count == 2
    html = text_of(parse_html(staff_client.get(change_url(programme))))
    assert "2 champs sans traduction anglaise : la page en anglais les affiche en français." in (
        html
    )
    assert "Fiche formation : rythme des enseignements, stage" in html
    label = "Champs sans traduction anglaise (fiche formation et présentation)"
    assert panel(staff_client)[label] == (2, change_url(programme))


def test_a_fully_translated_fiche_says_so_and_leaves_the_panel(staff_client):
    programme = Programme.load()
    assert "Tout est traduit en anglais" in translation_summary(translation_gaps(programme))
    label = "Champs sans traduction anglaise (fiche formation et présentation)"
    assert label not in panel(staff_client)


def test_missing_translations_never_hold_up_publication(client, site_content):
    section = make_section("Seulement en français", order=99)
    assert section.is_published()
    html = client.get(reverse("programme:presentation")).content.decode()
    assert "Seulement en français" in html


def test_the_accessibility_check_reads_the_english_text_too(staff_client, without_approval):
    programme = Programme.load()
    url = change_url(programme)
    form = AdminForm(parse_html(staff_client.get(url)))
    form.data["objectives_en"] = "<h2>Aims</h2><h4>Skills</h4><p>Text.</p>"
    response = staff_client.post(url, {**form.data, "_save": "Enregistrer"}, follow=True)
    assert response.status_code == 200
    programme.refresh_from_db()
    assert "<h4>Skills</h4>" in programme.objectives_en
    warnings = [str(m) for m in response.context["messages"] if m.level == WARNING]
    assert any(
        "Accessibilité de « objectifs (anglais) »" in warning and "Skills" in warning
        for warning in warnings
    ), warnings
