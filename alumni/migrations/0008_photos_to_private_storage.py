"""Alumni photos leave the public media for the private storage (step 2 of 3).

For each `core.Image` used as an alumnus's or a request's photo: the original is read from
the public storage, normalized again (upright, no metadata), written to the private storage
under a random name with its resized copies, and recorded as a `Portrait`; the entries and
requests point to it, and the history kept by django-reversion (which names the photo by
its row number) is rewritten to match. The public image is then deleted, row and files,
unless another page uses it (a news item, the access map…). A photo whose file is missing,
unreadable or refused by today's image checks is dropped: personal data that cannot be
checked is not kept. Public files go only once the migration
has committed; the private files it wrote go at once if it fails.
"""

import json
import secrets
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import migrations, transaction

from core.images import normalize_upload, write_renditions

PHOTO_HOLDERS = ("Alumnus", "Submission")


def _storage(model):
    return model._meta.get_field("file").storage


def _read(storage, name):
    if not name or not storage.exists(name):
        return None
    with storage.open(name, "rb") as stored:
        return stored.read()


def _copy_picture(data, name, target_model, target_folder, fields, written):
    """A row of `target_model` holding a normalized copy of `data`, or None if unreadable."""
    try:
        content, width, height = normalize_upload(ContentFile(data, name=name))
    except ValidationError:
        return None
    storage = _storage(target_model)
    suffix = PurePosixPath(content.name).suffix
    stored_name = storage.save(f"{target_folder}{secrets.token_hex(16)}{suffix}", content)
    written.append(stored_name)
    renditions = write_renditions(storage, stored_name)
    written.extend(rendition["name"] for rendition in renditions)
    return target_model.objects.create(
        file=stored_name, width=width, height=height, renditions=renditions, **fields
    )


def _file_names(row):
    if not row.file:
        return set()
    return {row.file.name} | {rendition["name"] for rendition in row.renditions}


def _used_outside_alumni(image, apps):
    """Whether a model of another app points to this image (news, pages, site identity…)."""
    for model in apps.get_models():
        if model._meta.app_label == "alumni":
            continue
        for field in model._meta.concrete_fields:
            remote = getattr(field.remote_field, "model", None)
            if remote is None or remote._meta.label_lower != image._meta.label_lower:
                continue
            if model.objects.filter(**{field.name: image.pk}).exists():
                return True
    return False


def _rewrite_history(apps, new_by_old):
    """django-reversion's copies of the entries name their photo by row number: follow it."""
    content_type = (
        apps.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="alumni", model="alumnus")
        .first()
    )
    if content_type is None:
        return
    versions = apps.get_model("reversion", "Version").objects.filter(content_type=content_type)
    for version in versions.iterator():
        if version.format != "json":
            continue
        data = json.loads(version.serialized_data)
        changed = False
        for item in data:
            fields = item.get("fields", {})
            if fields.get("photo") is not None:
                fields["photo"] = new_by_old.get(fields["photo"])
                changed = True
        if changed:
            version.serialized_data = json.dumps(data)
            version.save(update_fields=["serialized_data"])


def _move(apps, source_model, target_model, source_column, target_column, target_folder, make_fields):
    """Move every photo in `source_column` to a copy of `target_model` in `target_column`."""
    holders = [apps.get_model("alumni", name) for name in PHOTO_HOLDERS]
    used_ids = set()
    for holder in holders:
        used_ids |= set(
            holder.objects.exclude(**{f"{source_column}_id": None}).values_list(
                f"{source_column}_id", flat=True
            )
        )
    source_storage = _storage(source_model)
    written, obsolete_files, new_by_old = [], set(), {}
    try:
        for source in source_model.objects.filter(pk__in=used_ids).order_by("pk"):
            data = _read(source_storage, source.file.name)
            target = None
            if data is not None:
                target = _copy_picture(
                    data, source.file.name, target_model, target_folder, make_fields(source), written
                )
            new_by_old[source.pk] = target.pk if target is not None else None
        for holder in holders:
            for old_pk, new_pk in new_by_old.items():
                holder.objects.filter(**{f"{source_column}_id": old_pk}).update(
                    **{f"{target_column}_id": new_pk}
                )
        _rewrite_history(apps, new_by_old)
        for source in source_model.objects.filter(pk__in=used_ids):
            if source_model._meta.app_label == "alumni" or not _used_outside_alumni(source, apps):
                obsolete_files |= _file_names(source)
                source.delete()
    except Exception:
        for name in written:
            _storage(target_model).delete(name)
        raise
    # A rollback would bring the rows back, still pointing to these files.
    transaction.on_commit(lambda: [source_storage.delete(name) for name in sorted(obsolete_files)])


def photos_to_private_storage(apps, schema_editor):
    _move(
        apps,
        apps.get_model("core", "Image"),
        apps.get_model("alumni", "Portrait"),
        source_column="photo",
        target_column="private_photo",
        target_folder="photos/",
        make_fields=lambda image: {
            "key": secrets.token_urlsafe(18),
            "alt_text": image.alt_text or "Portrait",
        },
    )


def photos_back_to_public_media(apps, schema_editor):
    # Going back to the previous version of the site: its pages read photos from the media.
    _move(
        apps,
        apps.get_model("alumni", "Portrait"),
        apps.get_model("core", "Image"),
        source_column="private_photo",
        target_column="photo",
        target_folder="images/",
        make_fields=lambda portrait: {"alt_text": portrait.alt_text},
    )


class Migration(migrations.Migration):

    dependencies = [
        ('alumni', '0007_portrait'),
        # Every model that may point to a core.Image, so that a shared image stays.
        ('core', '0002_identity_images'),
        ('news', '0004_image_moved_to_core'),
        ('pages', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('reversion', '0002_add_index_on_version_for_content_type_and_db'),
    ]

    operations = [
        migrations.RunPython(photos_to_private_storage, photos_back_to_public_media),
    ]
