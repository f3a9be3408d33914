"""The programme's public content as search, site maps and demo data see it."""

import uuid

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.models import Section, number_sections
from programme.publication import PublicationStatus
from programme.registry import ContentKind, register_content_kind, register_demo_content

DEMO_SLUG_PREFIX = "demo-"


def public_sections():
    """Sections visitors may find (a sub-section of a hidden part stays hidden)."""
    return Section.objects.visible().select_related("parent")


def section_site_map_links():
    """Each published top-level part, numbered, linking to its anchor on /formation/."""
    sections = list(Section.objects.visible().in_reading_order())
    return [
        (f"{section.number} {section.title}", section.get_absolute_url())
        for section in number_sections(sections)
    ]


def generate_demo_sections(count):
    """`count` published demo sections (one in three is a sub-section), for benchmarks."""
    now = timezone.now()
    batch = uuid.uuid4().hex[:6]
    start = Section.objects.count()
    created = 0
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
            parent=parent if is_sub_section else None,
            order=10_000 + index,
            status=PublicationStatus.PUBLISHED,
            published_at=now,
            is_demo=True,
        )
        if not is_sub_section:
            parent = section
        created += 1
    return created


def register():
    register_content_kind(
        ContentKind(
            key="sections",
            label=_("Présentation de la formation"),
            order=10,
            public_queryset=public_sections,
            search_fields=("title", "body"),
            excerpt_field="body",
            lastmod_field="updated_at",
            sitemap_priority=0.8,
            site_map_links=section_site_map_links,
            # One page, /formation/, shows every section: sitemap.xml lists it once.
            extra={"sitemap_page": "programme:presentation"},
        )
    )
    register_demo_content("sections", generate_demo_sections)
