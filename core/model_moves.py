"""Moving a model to another app without losing anything that points at it.

The table keeps its name (`db_table`) and the state moves with `SeparateDatabaseAndState`;
what remains is everything that names the model by its app label: its content type (and
through it the permissions granted to groups, the admin's log entries and django-reversion's
history rows) and the serialized copies of its records kept by django-reversion.
"""

import json

from django.db import migrations


def _relabel_content_types(apps, old_label, new_label, model_names):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    version_model = apps.get_model("reversion", "Version")
    for model_name in model_names:
        moved = content_type_model.objects.filter(app_label=old_label, model=model_name)
        if not moved.exists():
            continue  # a new database: the content type is created after migrate
        # One created under the new label in between (a migrate stopped half-way) holds
        # nothing yet: the old one, with its permissions and history, wins.
        content_type_model.objects.filter(app_label=new_label, model=model_name).delete()
        moved.update(app_label=new_label)
        old_model, new_model = f"{old_label}.{model_name}", f"{new_label}.{model_name}"
        versions = version_model.objects.filter(
            content_type__app_label=new_label, content_type__model=model_name
        )
        for version in versions.only("pk", "format", "serialized_data"):
            if version.format != "json":
                continue
            records = json.loads(version.serialized_data)
            for record in records:
                if record.get("model") == old_model:
                    record["model"] = new_model
            version_model.objects.filter(pk=version.pk).update(serialized_data=json.dumps(records))


def relabel_models(old_label, new_label, model_names):
    """A migration operation giving `model_names` (lower case) their new app label, and
    back when the migration is reversed."""

    def forward(apps, schema_editor):
        _relabel_content_types(apps, old_label, new_label, model_names)

    def backward(apps, schema_editor):
        _relabel_content_types(apps, new_label, old_label, model_names)

    return migrations.RunPython(forward, backward, elidable=False)
