"""Demo sections for benchmarks: many published parts and sub-parts of /formation/ and of
/en/programme/."""

import uuid

from django.utils import timezone

from core.publication import PublicationStatus
from programme.models import Section

DEMO_SLUG_PREFIX = "demo-"


def generate_sections(count):
    """Create `count` published demo sections (one in three is a sub-section); return them."""
    now = timezone.now()
    batch = uuid.uuid4().hex[:6]
    start = Section.objects.count()
    created = []
    parent = None
    for index in range(start, start + count):
        is_sub_section = parent is not None and index % 3 != 0
        section = Section.objects.create(
            title=f"Partie de démonstration {index + 1}",
            slug=f"{DEMO_SLUG_PREFIX}{batch}-{index + 1}",
            body=(
                "<p>Texte de démonstration, créé pour mesurer les performances "
                "du site avec beaucoup de contenu.</p>"
            ),
            # In English too, so that /en/programme/ is measured with as many parts.
            title_en=f"Demonstration part {index + 1}",
            slug_en=f"{DEMO_SLUG_PREFIX}{batch}-{index + 1}-en",
            body_en=(
                "<p>Demonstration text, made to measure the site's speed with a lot of content.</p>"
            ),
            parent=parent if is_sub_section else None,
            order=10_000 + index,
            status=PublicationStatus.PUBLISHED,
            published_at=now,
        )
        if not is_sub_section:
            parent = section
        created.append(section)
    return created
