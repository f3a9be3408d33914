"""Slugs of public content: made unique from a title, and kept once links point to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.translation import english_name

# Room kept at the end of a slug for « -2 », « -3 »… up to « -9999999 ».
SUFFIX_ROOM = 8


def unique_slug(model, text, exclude_pk=None, max_length=None, fallback="page", field="slug"):
    """A slug of `text` free in `model.<field>`, made unique with -2, -3… in one query.

    `max_length` defaults to the field's; `fallback` serves a text without letters or digits.
    `exclude_pk` is the record being saved, which may keep its own slug.
    """
    max_length = max_length or model._meta.get_field(field).max_length
    base = slugify(text)[: max_length - SUFFIX_ROOM].strip("-") or fallback
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base})
        .exclude(pk=exclude_pk)
        .values_list(field, flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


class StableSlug(models.Model):
    """Abstract, for a `Publishable` model with a `slug`: once the record is published, its
    slug (the end of its address, or its anchor) never changes, so that links already shared,
    bookmarked or printed stay valid.

    Set `slug_fixed_at_creation` where the slug must not change even in draft (a document's
    link may be printed before the document is published). A new record's slug comes from
    its title (`slug_source`) when left empty, unique with -2, -3…

    A model with an English twin `slug_en` (core/translation.py) gets it the same way from
    its English title, once that title is given, and keeps it by the same rules.
    """

    slug_source = "title"
    slug_fallback = "page"
    slug_fixed_at_creation = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for slug_field, source in self.slug_fields():
            text = getattr(self, source)
            # The French slug always exists; the English one from the English title on.
            if getattr(self, slug_field) or (slug_field != "slug" and not text):
                continue
            setattr(
                self,
                slug_field,
                unique_slug(
                    type(self),
                    text,
                    exclude_pk=self.pk,
                    fallback=self.slug_fallback,
                    field=slug_field,
                ),
            )
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], slug_field}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        for slug_field, stored_slug in self._stored_locked_slugs().items():
            if stored_slug and stored_slug != getattr(self, slug_field):
                raise ValidationError(
                    {
                        slug_field: _(
                            "Cette adresse ne peut plus changer : des liens vers elle ont "
                            "peut-être déjà été partagés ou imprimés."
                        )
                    }
                )

    def slug_fields(self):
        """(slug field, source field) of each language this model has a slug in."""
        fields = [("slug", self.slug_source)]
        twin = english_name("slug")
        if any(field.name == twin for field in self._meta.concrete_fields):
            fields.append((twin, english_name(self.slug_source)))
        return fields

    def slug_is_locked(self):
        """Whether this record's slug may no longer change (for the admin's read-only field)."""
        return self.pk is not None and (self.slug_fixed_at_creation or self.is_published())

    def _stored_locked_slugs(self):
        """{slug field: value stored for this record} when locked there, else {}."""
        if self.pk is None:
            return {}
        stored = type(self)._default_manager.filter(pk=self.pk)
        if not self.slug_fixed_at_creation:
            stored = stored.published()
        names = [slug_field for slug_field, _source in self.slug_fields()]
        return stored.values(*names).first() or {}
