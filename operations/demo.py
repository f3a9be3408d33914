"""Demo content for performance measurements: created by the apps' generators (registered
with `core.registry.register_demo_content`), recognised by the list kept here.

Production models have no « demo » column: `DemoRecord` lists what the generators created.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from core.registry import demo_generators
from operations.models import DemoRecord


def demo_content_generate(key, count):
    """Run the generator registered under `key` for `count` records and mark what it
    created as demo, in one transaction; return how many records it created."""
    generator = demo_generators()[key]
    with transaction.atomic():
        records = list(generator(count))
        DemoRecord.objects.bulk_create(
            (
                DemoRecord(
                    content_type=ContentType.objects.get_for_model(record), object_id=record.pk
                )
                for record in records
            ),
            batch_size=1000,
        )
    return len(records)


def demo_objects(model):
    """The records of `model` created as demo content."""
    marked = DemoRecord.objects.for_model(model).values("object_id")
    return model._default_manager.filter(pk__in=marked)


def is_demo(record):
    """Whether `record` was created as demo content."""
    return DemoRecord.objects.for_model(type(record)).filter(object_id=record.pk).exists()
