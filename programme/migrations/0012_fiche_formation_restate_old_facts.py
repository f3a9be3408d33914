"""Restate the fiche's old free-text facts in the new typed fields, inventing nothing.

- Level: the original site says « diplôme de niveau I » (programme/initial_content.py).
  « Niveau I » is the name the 1969 nomenclature gave to what the national framework of
  2019 calls « niveau 7 » (decree 2019-14): mapping it is a restatement of the same fact.
  Only a text that names level I or level 7 unambiguously is mapped; any other text is
  left for staff to choose (the completeness check then lists the level as missing).
- Capacity: the single « capacité d'accueil » becomes the M1 capacity, only when it was set
  (MonMaster publishes the capacity of the first year).
- Duration: a text that reads exactly « N an(s) » or « N mois » becomes a number of months;
  any other text stays in the « précision sur la durée » field, untouched.
- Admission phases: a label naming the « phase principale » or « phase complémentaire »
  gets the matching MonMaster round.
"""

import re

from django.db import migrations

LEVEL_7_TEXT = re.compile(
    r"(niveau\s+(I|7)\b(?!\s*I)|\bRNCP\s+niveau\s+7\b|^\s*(I|7)\s*$)", re.IGNORECASE
)
DURATION_TEXT = re.compile(r"^\s*(\d+)\s*(an|ans|année|années|mois)\s*$", re.IGNORECASE)


def restate(apps, schema_editor):
    Programme = apps.get_model("programme", "Programme")
    for programme in Programme.objects.all():
        changed = []
        level = programme.level.strip()
        if not programme.degree_level and level and LEVEL_7_TEXT.search(level):
            programme.degree_level = "7"
            changed.append("degree_level")
        if programme.capacity_m1 is None and programme.capacity is not None:
            programme.capacity_m1 = programme.capacity
            changed.append("capacity_m1")
        match = DURATION_TEXT.match(programme.duration)
        if programme.duration_months is None and match:
            number, unit = int(match.group(1)), match.group(2).lower()
            programme.duration_months = number if unit == "mois" else number * 12
            programme.duration = ""
            changed += ["duration_months", "duration"]
        if changed:
            programme.save(update_fields=changed)
    AdmissionPhase = apps.get_model("programme", "AdmissionPhase")
    for phase in AdmissionPhase.objects.filter(phase=""):
        label = phase.label.lower()
        if "complémentaire" in label or "complementaire" in label:
            phase.phase = "complementaire"
        elif "principale" in label:
            phase.phase = "principale"
        else:
            continue
        phase.save(update_fields=["phase"])


def restore(apps, schema_editor):
    """Going back: the old columns get the facts again, worded as the original site did."""
    Programme = apps.get_model("programme", "Programme")
    for programme in Programme.objects.all():
        if not programme.level and programme.degree_level == "7":
            programme.level = "diplôme de niveau I"
        if programme.capacity is None:
            programme.capacity = programme.capacity_m1
        programme.save(update_fields=["level", "capacity"])


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0011_fiche_formation_fields"),
    ]

    operations = [
        migrations.RunPython(restate, restore),
    ]
