"""Approval before publication is on by default for the fixed pages and the fiche
formation: texts the university answers for. Other kinds are saved as before."""

from django.db import migrations

REVIEWED_BY_DEFAULT = [("pages", "page"), ("programme", "programme")]


def switch_on(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ApprovalSetting = apps.get_model("backoffice", "ApprovalSetting")
    for app_label, model in REVIEWED_BY_DEFAULT:
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model
        )
        ApprovalSetting.objects.update_or_create(
            content_type=content_type, defaults={"approval_required": True}
        )


def switch_off(apps, schema_editor):
    ApprovalSetting = apps.get_model("backoffice", "ApprovalSetting")
    for app_label, model in REVIEWED_BY_DEFAULT:
        ApprovalSetting.objects.filter(
            content_type__app_label=app_label, content_type__model=model
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0002_approval_workflow"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(switch_on, switch_off)]
