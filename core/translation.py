"""Content in two languages: French is the source, English an optional copy per field.

Each translatable field keeps its French column under its own name and gets an English
twin named `<field>_en`, declared next to it with `english_copy()`:

    title = models.CharField(_("titre"), max_length=200)
    title_en = english_copy(title)

The twins are ordinary columns: the history, its compare and restore, the approval
workflow, the sanitising of rich text and the search index see them like any other field,
and no query is rewritten behind the code's back by the active language. A record is
shown in English only when its English title (the first of `translated_fields`) is
filled in; any other English field left empty falls back to the French text.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "fr"
ENGLISH = "en"
ENGLISH_SUFFIX = "_en"
# schema.org `inLanguage` of a page (IETF tags, with the regions the site writes for).
JSON_LD_LANGUAGES = {SOURCE_LANGUAGE: "fr-FR", ENGLISH: "en-GB"}


def english_name(field_name):
    """The name of the English twin of `field_name` (« title » → « title_en »)."""
    return f"{field_name}{ENGLISH_SUFFIX}"


def english_copy(field, **overrides):
    """The English twin of a French field: same type and limits, optional, never unique,
    labelled « … (anglais) » in the admin."""
    _name, path, args, kwargs = field.deconstruct()
    kwargs.update(
        blank=True,
        unique=False,
        verbose_name=format_lazy("{} ({})", field.verbose_name, _("anglais")),
        help_text=_("Facultatif : laissé vide, la page en anglais montre le texte français."),
    )
    if not field.null:
        kwargs["default"] = ""
    kwargs.pop("db_index", None)
    kwargs.update(overrides)
    return type(field)(*args, **kwargs)


def active_language():
    """The language of the page being rendered: English or the French source."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return ENGLISH if language == ENGLISH else SOURCE_LANGUAGE


class TranslatableQuerySet(models.QuerySet):
    """Mixed into a model's queryset: `in_language()` keeps the records that exist in a
    language (all of them in French, those with an English title in English)."""

    def in_language(self, language=None):
        language = language or active_language()
        if language == SOURCE_LANGUAGE:
            return self
        title_field = english_name(self.model.translated_fields[0])
        return self.exclude(**{title_field: ""})

    def for_translation_check(self):
        """Only the columns `missing_translations()` and a record's title read: a check of
        every part of a long page reads no bodies' search documents nor other columns."""
        translated = self.model.translated_fields
        return self.only(*translated, *(english_name(name) for name in translated))


def records_in_language(queryset, language=None):
    """The records of any `queryset` that exist in `language`: `.in_language()` for a
    `Translatable` model, every record for a model without English twins (an alumnus is
    the same person in both languages). For code that walks every kind of content, such
    as search."""
    translated = getattr(queryset.model, "translated_fields", ())
    if (language or active_language()) == SOURCE_LANGUAGE or not translated:
        return queryset
    return queryset.exclude(**{english_name(translated[0]): ""})


class Localized:
    """`record.localized.<field>`: a field's value in the active language, the French text
    when the English one is empty. `record.localized.language_of.<field>` tells which
    language that value is in, for a `lang` attribute when English falls back to French."""

    def __init__(self, record, language):
        self._record = record
        self._language = language

    def __getattr__(self, name):
        if name not in self._record.translated_fields:
            return getattr(self._record, name)
        if self._language != SOURCE_LANGUAGE:
            english = getattr(self._record, english_name(name))
            if english:
                return english
        return getattr(self._record, name)

    @property
    def language_of(self):
        return _LanguageOf(self._record, self._language)


class _LanguageOf:
    def __init__(self, record, language):
        self._record = record
        self._language = language

    def __getattr__(self, name):
        if (
            self._language != SOURCE_LANGUAGE
            and name in self._record.translated_fields
            and getattr(self._record, english_name(name))
        ):
            return self._language
        return SOURCE_LANGUAGE


class Translatable(models.Model):
    """Abstract: a record whose `translated_fields` (title first) have English twins."""

    translated_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def localized(self):
        return Localized(self, active_language())

    def in_language(self, field_name, language=None):
        return getattr(Localized(self, language or active_language()), field_name)

    def has_translation(self, language=ENGLISH):
        """Whether the record exists in `language`: always in French, in English once its
        English title is filled in."""
        if language == SOURCE_LANGUAGE:
            return True
        return bool(getattr(self, english_name(self.translated_fields[0])))

    def missing_translations(self):
        """Verbose names of the French fields filled in whose English twin is empty.

        Columns derived on save (not editable, such as a composed search text) are left
        out: staff have nothing to translate there."""
        return [
            self._meta.get_field(name).verbose_name
            for name in self.translated_fields
            if self._meta.get_field(name).editable
            and getattr(self, name)
            and not getattr(self, english_name(name))
        ]
