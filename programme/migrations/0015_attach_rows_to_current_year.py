"""Every existing fiche, semester and admission phase belongs to today's academic year.

The year (« 2026-2027 » from 1 September 2026 to 31 August 2027, by the date this runs)
is created published since long ago, so that the public site looks the same after the
upgrade. Rows keep their primary keys; none is dropped.
"""

from django.db import migrations

from programme.initial_content import load_academic_year


def attach_to_current_year(apps, schema_editor):
    Programme = apps.get_model("programme", "Programme")
    Semester = apps.get_model("programme", "Semester")
    AdmissionPhase = apps.get_model("programme", "AdmissionPhase")
    year = load_academic_year(apps)
    # One fiche per year: the old singleton (pk=1) takes today's year.
    Programme.objects.filter(year__isnull=True).update(year=year)
    Semester.objects.filter(year__isnull=True).update(year=year)
    AdmissionPhase.objects.filter(year__isnull=True).update(year=year)


class Migration(migrations.Migration):
    dependencies = [("programme", "0014_academic_years")]

    operations = [migrations.RunPython(attach_to_current_year, migrations.RunPython.noop)]
