"""Stored search documents of the sections and of the current year's fiche, semesters,
teaching units and admission phases (PostgreSQL: tsvector + GIN index, filled for the rows
already there; SQLite: an unused text column), and the text of the fiche, the units and the
phases that lives in other columns or rows (contacts, skill blocks, courses, choice labels),
composed here for the rows already there. See core/search_document.py and
programme/search_text.py."""

from django.db import migrations, models

import core.search_document
from core.search_document import fill_operation, gin_index_operation
from programme.search_text import fiche_search_text, phase_search_text, unit_search_text


def compose_search_texts(apps, schema_editor):
    alias = schema_editor.connection.alias
    Programme = apps.get_model("programme", "Programme")
    TeachingUnit = apps.get_model("programme", "TeachingUnit")
    AdmissionPhase = apps.get_model("programme", "AdmissionPhase")
    ProgrammeContact = apps.get_model("programme", "ProgrammeContact")
    SkillBlock = apps.get_model("programme", "SkillBlock")
    Course = apps.get_model("programme", "Course")
    for fiche in Programme.objects.using(alias):
        contacts = ProgrammeContact.objects.using(alias).filter(programme=fiche)
        blocks = SkillBlock.objects.using(alias).filter(programme=fiche)
        fiche.search_text = fiche_search_text(
            fiche, contacts.order_by("order", "pk"), blocks.order_by("order", "code", "pk")
        )
        fiche.save(update_fields=["search_text"])
    for unit in TeachingUnit.objects.using(alias):
        courses = Course.objects.using(alias).filter(unit=unit).order_by("order", "pk")
        unit.search_text = unit_search_text(unit, courses)
        unit.save(update_fields=["search_text"])
    for phase in AdmissionPhase.objects.using(alias):
        phase.search_text = phase_search_text(phase)
        phase.save(update_fields=["search_text"])


def search_text_field():
    return models.TextField(
        blank=True, default="", editable=False, verbose_name="texte cherché"
    )


def search_document_field():
    return core.search_document.SearchDocumentField(
        editable=False, null=True, verbose_name="document de recherche"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0017_skill_block_code_unique_per_fiche"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name="search_text", field=search_text_field())
            for model in ("programme", "teachingunit", "admissionphase")
        ),
        *(
            migrations.AddField(
                model_name=model, name="search_document", field=search_document_field()
            )
            for model in ("programme", "section", "semester", "teachingunit", "admissionphase")
        ),
        migrations.RunPython(compose_search_texts, migrations.RunPython.noop),
        gin_index_operation("programme_programme", "search_document"),
        gin_index_operation("programme_section", "search_document"),
        gin_index_operation("programme_semester", "search_document"),
        gin_index_operation("programme_teachingunit", "search_document"),
        gin_index_operation("programme_admissionphase", "search_document"),
        fill_operation("programme", "programme", "search_document", ("name", "search_text")),
        fill_operation("programme", "section", "search_document", ("title", "body")),
        fill_operation("programme", "semester", "search_document", ("title", "summary")),
        fill_operation("programme", "teachingunit", "search_document", ("title", "search_text")),
        fill_operation("programme", "admissionphase", "search_document", ("label", "search_text")),
    ]
