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
        # One created under the new label in between (the new code served before `migrate`
        # ran: `get_for_model` creates it) may already hold log entries, versions or
        # permissions: they join the old one, which keeps its permissions and history.
        kept = moved.get()
        for stray in content_type_model.objects.filter(app_label=new_label, model=model_name):
            _merge_content_type(apps, stray, kept)
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


def _merge_content_type(apps, stray, kept):
    """Point everything that points at content type `stray` at `kept`, then delete `stray`."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.label_lower == "auth.permission":
            continue  # below: a permission may have a twin on the kept content type
        for field in model._meta.concrete_fields:
            if field.many_to_one and field.related_model._meta.label_lower == (
                "contenttypes.contenttype"
            ):
                model._base_manager.filter(**{field.name: stray}).update(**{field.name: kept})
    try:
        permission_model = apps.get_model("auth", "Permission")
    except LookupError:
        permission_model = None
    if permission_model is not None:
        for permission in permission_model.objects.filter(content_type=stray):
            twin = permission_model.objects.filter(
                content_type=kept, codename=permission.codename
            ).first()
            if twin is None:
                permission.content_type = kept
                permission.save(update_fields=["content_type"])
                continue
            # Who was granted the stray permission keeps it, through its twin.
            for relation in permission_model._meta.related_objects:
                if relation.many_to_many:
                    accessor = relation.get_accessor_name()
                    getattr(twin, accessor).add(*getattr(permission, accessor).all())
                else:
                    relation.related_model._base_manager.filter(
                        **{relation.field.name: permission}
                    ).update(**{relation.field.name: twin})
            permission.delete()
    stray.delete()


def relabel_models(old_label, new_label, model_names):
    """A migration operation giving `model_names` (lower case) their new app label, and
    back when the migration is reversed."""

    def forward(apps, schema_editor):
        _relabel_content_types(apps, old_label, new_label, model_names)

    def backward(apps, schema_editor):
        _relabel_content_types(apps, new_label, old_label, model_names)

    return migrations.RunPython(forward, backward, elidable=False)
