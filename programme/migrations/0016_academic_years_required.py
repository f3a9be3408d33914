import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programme", "0015_attach_rows_to_current_year")]

    operations = [
        migrations.AlterField(
            model_name="admissionphase",
            name="year",
            field=models.ForeignKey(
                help_text="L'année universitaire dont cette phase recrute les étudiants.",
                on_delete=django.db.models.deletion.CASCADE,
                related_name="admission_phases",
                to="programme.academicyear",
                verbose_name="année universitaire",
            ),
        ),
        migrations.AlterField(
            model_name="programme",
            name="year",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="programme",
                to="programme.academicyear",
                verbose_name="année universitaire",
            ),
        ),
        migrations.AlterField(
            model_name="semester",
            name="year",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="semesters",
                to="programme.academicyear",
                verbose_name="année universitaire",
            ),
        ),
    ]
