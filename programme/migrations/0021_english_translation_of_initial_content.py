"""The English translation of the original site's fiche texts and presentation (only into
English fields still empty), and the English search text of the fiche, the teaching units
and the admission phases already there (programme/search_text.py)."""

from django.db import migrations

from programme.initial_content import load_english_content
from programme.search_text import (
    fiche_search_text,
    in_languages,
    phase_search_text,
    unit_search_text,
)


def translate(apps, schema_editor):
    load_english_content(apps)
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
        texts = in_languages(
            fiche_search_text,
            fiche,
            list(contacts.order_by("order", "pk")),
            list(blocks.order_by("order", "code", "pk")),
        )
        fiche.search_text_en = texts["search_text_en"]
        fiche.save(update_fields=["search_text_en"])
    for unit in TeachingUnit.objects.using(alias):
        courses = list(Course.objects.using(alias).filter(unit=unit).order_by("order", "pk"))
        unit.search_text_en = in_languages(unit_search_text, unit, courses)["search_text_en"]
        unit.save(update_fields=["search_text_en"])
    for phase in AdmissionPhase.objects.using(alias):
        phase.search_text_en = in_languages(phase_search_text, phase)["search_text_en"]
        phase.save(update_fields=["search_text_en"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0020_english_twins_of_programme_texts")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
