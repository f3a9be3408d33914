"""Demo content is listed here instead of an is_demo column on each content model."""

import django.db.models.deletion
from django.db import migrations, models

# The models that had an « is_demo » column until this list replaced it.
MARKED_MODELS = [
    ("news", "newsitem"),
    ("documents", "document"),
    ("alumni", "alumnus"),
    ("programme", "section"),
]


def list_marked_records(apps, schema_editor):
    """Keep existing demo content recognisable: its is_demo rows enter the list."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    DemoRecord = apps.get_model("operations", "DemoRecord")
    for app_label, model_name in MARKED_MODELS:
        model = apps.get_model(app_label, model_name)
        pks = list(model.objects.filter(is_demo=True).values_list("pk", flat=True))
        if not pks:
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        DemoRecord.objects.bulk_create(
            [DemoRecord(content_type=content_type, object_id=pk) for pk in pks],
            batch_size=1000,
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('operations', '0001_content_version'),
        # The last state of each app with its is_demo column.
        ('news', '0005_category_order'),
        ('documents', '0004_category_from_core'),
        ('alumni', '0005_sector_order'),
        ('programme', '0008_move_site_models_out'),
    ]

    operations = [
        migrations.CreateModel(
            name='DemoRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='identifiant du contenu')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='contenttypes.contenttype', verbose_name='type de contenu')),
            ],
            options={
                'verbose_name': 'contenu de démonstration',
                'verbose_name_plural': 'contenus de démonstration',
                'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id'), name='operations_demorecord_unique')],
            },
        ),
        migrations.RunPython(list_marked_records, migrations.RunPython.noop, elidable=True),
    ]
