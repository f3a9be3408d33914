"""Demo records are listed by operations.DemoRecord: the column leaves the model."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        # Existing demo rows are listed in operations.DemoRecord before the column goes.
        ('operations', '0002_demorecord'),
        ('documents', '0004_category_from_core'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='document',
            name='is_demo',
        ),
    ]
