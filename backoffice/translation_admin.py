"""French and English side by side in the admin: each translatable field shares its row
with its English twin (`core/translation.py`), French on the left, required where the
model requires it, English on the right, always optional."""

from core.translation import english_name


def pair_translated_fields(fields, translated):
    """`fields` of a fieldset with each translated name `x` turned into the row
    `(x, x_en)` and the twins' own entries removed."""
    twins = {english_name(name) for name in translated}
    paired = []
    for entry in fields:
        if isinstance(entry, (list, tuple)):
            # A row of several fields keeps them on one line, each followed by its twin.
            row = []
            for name in entry:
                if name not in twins:
                    row += [name, english_name(name)] if name in translated else [name]
            paired.append(tuple(row))
            continue
        if entry in twins:
            continue
        paired.append((entry, english_name(entry)) if entry in translated else entry)
    return [entry for entry in paired if entry]


class TranslationColumnsMixin:
    """For a ModelAdmin or an inline of a `Translatable` model."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        translated = set(getattr(self.model, "translated_fields", ()))
        if not translated:
            return fieldsets
        return [
            (title, {**options, "fields": pair_translated_fields(options["fields"], translated)})
            for title, options in fieldsets
        ]
