"""Upgrading a database filled before the models moved out of `programme` loses nothing.

SiteIdentity, Image and PreviewLink moved to `core`, Page and ContactMessage to `pages`
(core/migrations/0001_initial.py, pages/migrations/0001_initial.py and the migrations that
follow them). The tables keep their names; what names the models by app label (content
types, and through them permissions, admin log entries and django-reversion's history, plus
the model label inside the history's JSON) is relabelled by `core.model_moves`.

These tests take the database back to the schema just before the move, fill it with the
historical models of that time, migrate to the latest schema (whatever it is by then) and
look for everything with the current models. The database is always left at the latest
schema, as the other tests expect it.
"""

import datetime
import json

import pytest
import reversion
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.utils import timezone
from reversion.models import Version

from alumni.models import Alumnus
from core.models import Image, PreviewLink, SiteIdentity
from documents.models import Document
from news.models import NewsItem
from pages.models import ContactMessage, Page
from tests.migrations import migrate_back_to, migrate_to_latest

# The last migrations before the move: `core` and `pages` did not exist yet.
BEFORE_MOVE = [
    ("core", None),
    ("pages", None),
    ("programme", "0007_search_unaccent"),
    ("news", "0003_newsitem_search_document"),
    ("alumni", "0003_alumnus_search_document"),
    ("documents", "0003_document_search_document"),
]

MOVED = {
    "core": ["siteidentity", "image", "previewlink"],
    "pages": ["page", "contactmessage"],
}

OLD_TITLE = "Venir à l'UFR (titre d'avant le déplacement)"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate_to_previous_schema():
    """Migrate back to just before the move; return the historical apps of that schema."""
    return migrate_back_to(BEFORE_MOVE)


@pytest.fixture
def previous_schema():
    """The historical apps just before the move; the latest schema back afterwards."""
    try:
        yield migrate_to_previous_schema()
    finally:
        migrate_to_latest()


def fill_previous_schema(apps):
    """What a site had before the move, written with the models of that time."""
    get = apps.get_model
    content_type_model = get("contenttypes", "ContentType")
    now = timezone.now()

    image = get("programme", "Image").objects.create(
        file="images/2024/05/plan-campus.jpg", alt_text="Plan du campus du Saulcy"
    )
    get("programme", "SiteIdentity").objects.update_or_create(
        pk=1,
        defaults={
            "ufr_name": "UFR d'avant le déplacement",
            "ufr_address": "Île du Saulcy\n57000 Metz",
            "ufr_phone": "03 87 31 56 38",
            "university_name": "Université de Lorraine",
            "university_address": "34 cours Léopold\n54000 Nancy",
            "university_phone": "03 72 74 00 00",
        },
    )
    page_model = get("programme", "Page")
    page, _created = page_model.objects.update_or_create(
        slug="plans-acces",
        defaults={"title": OLD_TITLE, "body": "<p>Bus ligne 5.</p>", "map_image": image},
    )
    get("programme", "ContactMessage").objects.create(
        name="Camille Martin",
        email="camille@example.org",
        subject="Candidature d'avant le déplacement",
        message="Bonjour,",
        consented_at=now,
    )

    news_item = get("news", "NewsItem").objects.create(
        title="Actualité d'avant le déplacement",
        slug="actualite-d-avant-le-deplacement",
        summary="Résumé.",
        body="<p>Texte.</p>",
        image=image,
        category=get("news", "Category").objects.order_by("pk").first()
        or get("news", "Category").objects.create(name="Vie du master", slug="vie-du-master"),
        status="draft",
    )
    news_type, _created = content_type_model.objects.get_or_create(
        app_label="news", model="newsitem"
    )
    get("programme", "PreviewLink").objects.create(
        content_type=news_type,
        object_id=news_item.pk,
        token="jeton-d-avant-le-deplacement",
        expires_at=now + datetime.timedelta(days=3),
    )
    # The seeded categories may have been flushed by an earlier transactional test.
    document_category = get("documents", "Category").objects.order_by("pk").first() or get(
        "documents", "Category"
    ).objects.create(name="Règlements", slug="reglements")
    get("documents", "Document").objects.create(
        title="Document d'avant le déplacement",
        slug="document-d-avant-le-deplacement",
        category=document_category,
        file="documents/reglement.pdf",
        file_type="pdf",
        language="fr",
        status="draft",
    )
    get("alumni", "Alumnus").objects.create(
        first_name="Alex",
        last_name="Durand",
        full_name="Alex Durand",
        cohort=2015,
        status="published",
        photo=image,
    )

    # What points at the page through its content type, as it was: a permission held by a
    # group, an admin log entry and a django-reversion version of the page.
    page_type, _created = content_type_model.objects.get_or_create(
        app_label="programme", model="page"
    )
    permission, _created = get("auth", "Permission").objects.get_or_create(
        content_type=page_type, codename="change_page", defaults={"name": "Can change page"}
    )
    group = get("auth", "Group").objects.create(name="Rédaction d'avant le déplacement")
    group.permissions.add(permission)
    user = get("auth", "User").objects.create(username="secretariat-avant")
    get("admin", "LogEntry").objects.create(
        user=user,
        content_type=page_type,
        object_id=str(page.pk),
        object_repr=OLD_TITLE,
        action_flag=CHANGE,
        change_message="[]",
        action_time=now,
    )
    revision = get("reversion", "Revision").objects.create(
        date_created=now, user=user, comment="Avant le déplacement"
    )
    # As django-reversion writes it: the model's label of the time in the JSON.
    serialized_data = serializers.serialize("json", [page])
    assert json.loads(serialized_data)[0]["model"] == "programme.page"
    get("reversion", "Version").objects.create(
        revision=revision,
        object_id=str(page.pk),
        content_type=page_type,
        db="default",
        format="json",
        serialized_data=serialized_data,
        object_repr=OLD_TITLE,
    )
    return {"page": page.pk, "image": image.pk, "news_item": news_item.pk}


def assert_everything_found(pks):
    page = Page.objects.get(pk=pks["page"])
    image = Image.objects.get(pk=pks["image"])
    assert page.title == OLD_TITLE
    assert page.map_image == image
    assert SiteIdentity.objects.get(pk=1).ufr_name == "UFR d'avant le déplacement"
    assert ContactMessage.objects.filter(subject="Candidature d'avant le déplacement").exists()
    news_item = NewsItem.objects.get(pk=pks["news_item"])
    assert news_item.image == image
    preview_link = PreviewLink.objects.get(token="jeton-d-avant-le-deplacement")
    assert preview_link.target == news_item
    assert Document.objects.filter(slug="document-d-avant-le-deplacement").exists()
    # Alumni photos then moved to the private storage (alumni/0008); this image's file was
    # never written, so there was nothing to move (tests/alumni/test_photo_migration.py).
    assert Alumnus.objects.get(full_name="Alex Durand").photo is None

    # The content types carry the new labels, once each, and none is left under programme.
    for app_label, model_names in MOVED.items():
        for model_name in model_names:
            assert ContentType.objects.filter(app_label=app_label, model=model_name).count() == 1
            assert not ContentType.objects.filter(app_label="programme", model=model_name).exists()
    page_type = ContentType.objects.get_for_model(Page)
    assert (page_type.app_label, page_type.model) == ("pages", "page")
    assert ContentType.objects.get_for_model(Image).app_label == "core"

    group = Group.objects.get(name="Rédaction d'avant le déplacement")
    assert [f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()] == [
        "pages.change_page"
    ]
    assert Permission.objects.filter(content_type=page_type, codename="change_page").count() == 1

    log_entry = LogEntry.objects.get(object_repr=OLD_TITLE)
    assert log_entry.content_type == page_type
    assert log_entry.get_edited_object() == page

    version = Version.objects.get_for_object(page).get(revision__comment="Avant le déplacement")
    assert json.loads(version.serialized_data)[0]["model"] == "pages.page"
    assert version.field_dict["title"] == OLD_TITLE
    assert version.field_dict["map_image_id"] == image.pk
    return page, version


def test_a_database_filled_before_the_move_is_found_whole_after_it(previous_schema):
    pks = fill_previous_schema(previous_schema)

    migrate_to_latest()

    page, version = assert_everything_found(pks)
    # The old history still restores: revert() deserializes it into the current model.
    Page.objects.filter(pk=page.pk).update(title="Titre changé après le déplacement")
    version.revert()
    assert Page.objects.get(pk=page.pk).title == OLD_TITLE


def test_the_move_can_be_reversed_and_replayed_without_losing_rows(previous_schema):
    pks = fill_previous_schema(previous_schema)
    migrate_to_latest()
    assert_everything_found(pks)

    apps = migrate_to_previous_schema()

    # Back under programme: rows, content types, permission and history's JSON.
    content_type_model = apps.get_model("contenttypes", "ContentType")
    for model_names in MOVED.values():
        for model_name in model_names:
            assert content_type_model.objects.filter(app_label="programme", model=model_name)
            assert not content_type_model.objects.filter(model=model_name).exclude(
                app_label="programme"
            )
    page = apps.get_model("programme", "Page").objects.get(pk=pks["page"])
    assert page.title == OLD_TITLE
    assert page.map_image_id == pks["image"]
    assert (
        apps.get_model("news", "NewsItem").objects.get(pk=pks["news_item"]).image_id
        == (pks["image"])
    )
    assert apps.get_model("programme", "ContactMessage").objects.exists()
    assert apps.get_model("programme", "PreviewLink").objects.exists()
    group = apps.get_model("auth", "Group").objects.get(name="Rédaction d'avant le déplacement")
    assert [(p.content_type.app_label, p.codename) for p in group.permissions.all()] == [
        ("programme", "change_page")
    ]
    version = apps.get_model("reversion", "Version").objects.get(
        content_type__app_label="programme", content_type__model="page", object_id=str(page.pk)
    )
    assert json.loads(version.serialized_data)[0]["model"] == "programme.page"

    migrate_to_latest()

    assert_everything_found(pks)


def test_what_the_new_code_recorded_before_migrate_ran_is_kept(previous_schema):
    """The new code may serve before `migrate` runs (the tables are the same): it then
    creates the content type under the new label (`get_for_model`) and may attach an admin
    log entry, a version or a permission to it. The migration merges it into the old one,
    whose history it keeps, instead of deleting it with all that points at it."""
    pks = fill_previous_schema(previous_schema)
    # The row as the new code would hold it: read through the columns the table had then
    # (fields added since, such as `map_description`, keep their defaults until migrate).
    old_page = previous_schema.get_model("programme", "Page").objects.get(pk=pks["page"])
    page = Page(
        **{
            field.attname: getattr(old_page, field.attname)
            for field in old_page._meta.concrete_fields
        }
    )
    early_type = ContentType.objects.get_for_model(Page)
    assert (early_type.app_label, early_type.model) == ("pages", "page")
    old_type = ContentType.objects.get(app_label="programme", model="page")
    assert early_type != old_type
    user = previous_schema.get_model("auth", "User").objects.get(username="secretariat-avant")
    LogEntry.objects.create(
        user_id=user.pk,
        content_type=early_type,
        object_id=str(page.pk),
        object_repr="Modifiée avant la migration",
        action_flag=CHANGE,
        change_message="[]",
    )
    with reversion.create_revision():
        reversion.set_comment("Enregistrée avant la migration")
        reversion.add_to_revision(page)
    # Both the permission the old one already has and one it has not.
    early_change = Permission.objects.create(
        content_type=early_type, codename="change_page", name="Can change page fixe"
    )
    early_only = Permission.objects.create(
        content_type=early_type, codename="review_page", name="Can review page"
    )
    early_group = Group.objects.create(name="Groupe d'avant la migration")
    early_group.permissions.add(early_change, early_only)

    migrate_to_latest()

    assert_everything_found(pks)
    page_type = ContentType.objects.get_for_model(Page)
    assert page_type.pk == old_type.pk  # the old one, with its history, was kept
    assert LogEntry.objects.get(object_repr="Modifiée avant la migration").content_type == (
        page_type
    )
    early_version = Version.objects.get_for_object(page).get(
        revision__comment="Enregistrée avant la migration"
    )
    assert early_version.field_dict["title"] == OLD_TITLE
    assert sorted(
        (p.content_type_id, p.codename)
        for p in Group.objects.get(pk=early_group.pk).permissions.all()
    ) == [(page_type.pk, "change_page"), (page_type.pk, "review_page")]
    assert Permission.objects.filter(content_type=page_type, codename="change_page").count() == 1
