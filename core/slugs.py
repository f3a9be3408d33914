"""Slugs of public content: made unique from a title, and kept once links point to them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from core.translation import english_name

# Room kept at the end of a slug for « -2 », « -3 »… up to « -9999999 ».
SUFFIX_ROOM = 8
# The English address's slug (core/translation.py: the twin of the French `slug`).
ENGLISH_SLUG = english_name("slug")


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

    A model with an English twin of its title (core/translation.py) may also declare a field
    `slug_en`, the end of its English address: same rules, from the English title, made when
    it is empty and the English title exists (an English version may come long after the
    French one), locked once published and filled in.
    """

    slug_source = "title"
    slug_fallback = "page"
    slug_fixed_at_creation = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for slug_field, source in self.slug_fields():
            text = getattr(self, source)
            if not getattr(self, slug_field) and (text or slug_field == "slug"):
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
                # A save limited to some fields still writes the slug it has just made.
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], slug_field}
        super().save(*args, **kwargs)

    @classmethod
    def slug_fields(cls):
        """[(slug field, the title field it comes from)]: the French slug, and the English
        one when the model has a `slug_en`."""
        fields = [("slug", cls.slug_source)]
        if any(field.name == ENGLISH_SLUG for field in cls._meta.get_fields()):
            fields.append((ENGLISH_SLUG, english_name(cls.slug_source)))
        return fields

    def clean(self):
        super().clean()
        stored = self._stored_locked_slugs()
        changed = [name for name, value in stored.items() if value and value != getattr(self, name)]
        if changed:
            raise ValidationError(
                {
                    name: _(
                        "Cette adresse ne peut plus changer : des liens vers elle ont peut-être "
                        "déjà été partagés ou imprimés."
                    )
                    for name in changed
                }
            )

    def slug_is_locked(self):
        """Whether this record's slug may no longer change (for the admin's read-only field)."""
        return self.pk is not None and (self.slug_fixed_at_creation or self.is_published())

    def locked_slug_fields(self):
        """Names of the slug fields that may no longer change: the French one as
        `slug_is_locked()` says, the English one once it is also filled in."""
        if not self.slug_is_locked():
            return []
        return [name for name, _source in self.slug_fields() if getattr(self, name)]

    def _stored_locked_slugs(self):
        """{slug field: value stored for this record} of the slugs locked there."""
        if self.pk is None:
            return {}
        stored = type(self)._default_manager.filter(pk=self.pk)
        if not self.slug_fixed_at_creation:
            stored = stored.published()
        names = [name for name, _source in self.slug_fields()]
        values = stored.values_list(*names).first()
        return dict(zip(names, values, strict=True)) if values else {}
