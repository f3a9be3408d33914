"""One slug rule for every publishable model: unique from the title, kept once shared."""

import pytest
from django.core.exceptions import ValidationError

from core.publication import PublicationStatus
from core.slugs import unique_slug
from programme.models import Section

pytestmark = pytest.mark.django_db


def make_section(title, status=PublicationStatus.PUBLISHED, **fields):
    return Section.objects.create(title=title, body="<p>Texte</p>", status=status, **fields)


def test_sections_with_the_same_title_get_numbered_slugs():
    slugs = [make_section("Les stages").slug for _ in range(3)]
    assert slugs == ["les-stages", "les-stages-2", "les-stages-3"]


def test_a_title_without_letters_gets_the_models_fallback():
    assert make_section("???").slug == "partie"


def test_a_long_title_leaves_room_for_the_number_within_the_field():
    max_length = Section._meta.get_field("slug").max_length
    # As long as the title may be (PostgreSQL refuses longer; SQLite would not say).
    title = "x" * Section._meta.get_field("title").max_length
    first, second = make_section(title), make_section(title)
    assert len(first.slug) < max_length
    assert second.slug == f"{first.slug}-2"
    assert len(second.slug) <= max_length


def test_unique_slug_lets_a_record_keep_its_own_slug():
    section = make_section("Les stages")
    assert unique_slug(Section, "Les stages", exclude_pk=section.pk) == "les-stages"
    assert unique_slug(Section, "Les stages") == "les-stages-2"


def test_a_published_sections_anchor_may_not_change():
    section = make_section("Les stages")
    section.slug = "autre-ancre"
    with pytest.raises(ValidationError) as error:
        section.full_clean()
    assert "ne peut plus changer" in str(error.value.message_dict["slug"])


def test_a_draft_sections_anchor_may_still_change():
    section = make_section("Les stages", status=PublicationStatus.DRAFT)
    section.slug = "autre-ancre"
    section.full_clean()
