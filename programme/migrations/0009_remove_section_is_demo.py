"""Demo records are listed by operations.DemoRecord: the column leaves the model."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        # Existing demo rows are listed in operations.DemoRecord before the column goes.
        ("operations", "0002_demorecord"),
        ("programme", "0008_move_site_models_out"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="section",
            name="is_demo",
        ),
    ]
