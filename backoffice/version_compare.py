"""Compare a version kept in the history with the record as it is now, field by field.

Values are shown as staff know them (labels of choices, « Oui »/« Non », the name of the
linked record, the file name) and texts are compared word by word. Every piece of stored
text is escaped before the differences are marked, so nothing stored can inject markup.
"""

import difflib
import html
import json
import re
from dataclasses import dataclass

from django.db import models
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.richtext import RichTextField

# Closing block tags and line breaks become line breaks before the tags are removed, so that
# paragraphs do not run into each other in the plain text.
BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote|div|pre|tr)>|<br\s*/?>", re.IGNORECASE)
# Words and the spaces between them are both kept, so the diff puts them back unchanged.
WORDS = re.compile(r"(\s+)")


@dataclass
class FieldComparison:
    label: str
    old: str  # Safe HTML: escaped values, with <del> marking what this version had.
    current: str  # Safe HTML: escaped values, with <ins> marking what was added since.
    changed: bool


def rich_text_as_plain_text(value):
    """The text a reader sees, without the tags: « <p>a</p><p>b</p> » gives « a\nb »."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n", value or "")))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _marked(tokens, tag, label):
    return format_html(
        '<{tag}><span class="visually-hidden">{label} </span>{text}</{tag}>',
        tag=tag,
        label=label,
        text="".join(tokens),
    )


def word_diff(old_text, new_text):
    """Both texts as escaped HTML, the removed words in <del> on the old side and the added
    ones in <ins> on the new side, each with a label read aloud by screen readers."""
    old_tokens, new_tokens = WORDS.split(old_text), WORDS.split(new_text)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    old_parts, new_parts = [], []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = old_tokens[old_start:old_end]
        added = new_tokens[new_start:new_end]
        if operation == "equal":
            old_parts.append(conditional_escape("".join(removed)))
            new_parts.append(conditional_escape("".join(added)))
            continue
        if removed:
            old_parts.append(_marked(removed, "del", gettext("supprimé :")))
        if added:
            new_parts.append(_marked(added, "ins", gettext("ajouté :")))
    # Every part above is escaped or built by format_html.
    return mark_safe("".join(old_parts)), mark_safe("".join(new_parts))  # noqa: S308


def _empty():
    return format_html('<span class="compare-empty">{}</span>', gettext("(vide)"))


class _RelatedNames:
    """str() of linked records, one query per related model, for both versions at once."""

    def __init__(self):
        self.wanted = {}
        self.names = {}

    def want(self, model, pks):
        self.wanted.setdefault(model, set()).update(pk for pk in pks if pk is not None)

    def resolve(self):
        for model, pks in self.wanted.items():
            found = model._base_manager.in_bulk(list(pks))
            self.names[model] = {pk: str(obj) for pk, obj in found.items()}

    def name(self, model, pk):
        names = self.names.get(model, {})
        if pk in names:
            return names[pk]
        return gettext("élément supprimé (n° %(pk)s)") % {"pk": pk}


def _normalize(field, value):
    """The value in a form where the version and the current record compare equal."""
    if field.many_to_many:
        target = field.related_model._meta.pk
        return sorted({target.to_python(pk) for pk in value or []}, key=str)
    if isinstance(field, models.ForeignKey):
        return None if value in (None, "") else field.target_field.to_python(value)
    if isinstance(field, models.FileField):
        return str(value or "")
    if isinstance(value, str):
        return value
    try:
        return field.to_python(value)
    except Exception:  # noqa: BLE001 (an old value that no longer validates is still shown)
        return value


def _display(field, value, related):
    """The value as staff see it, as plain text (None when empty)."""
    if value in (None, "", []):
        return None
    if field.many_to_many:
        return ", ".join(sorted(related.name(field.related_model, pk) for pk in value))
    if isinstance(field, models.ForeignKey):
        return related.name(field.related_model, value)
    if field.flatchoices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return gettext("Oui") if value else gettext("Non")
    if isinstance(field, RichTextField):
        return rich_text_as_plain_text(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(field, models.DateTimeField) and timezone.is_aware(value):
        return formats.localize(timezone.localtime(value))
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return formats.localize(value) if not isinstance(value, str) else value


def compared_fields(model):
    """Every field staff can change: concrete fields and many-to-many. Not the id nor the
    fields the site fills itself (« modifié le »), which differ on every save."""
    return [
        field
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and field.editable
        and not field.auto_created
        and not field.primary_key
    ]


def compare_with_current(obj, version):
    """One FieldComparison per field of the model, in the model's order."""
    stored = version.field_dict
    fields = compared_fields(type(obj))
    pairs = []
    related = _RelatedNames()
    for field in fields:
        if field.many_to_many:
            current = list(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            current = getattr(obj, field.attname)
        in_version = field.attname in stored
        old = _normalize(field, stored.get(field.attname))
        current = _normalize(field, current)
        if field.is_relation:
            related.want(field.related_model, old if field.many_to_many else [old])
            related.want(field.related_model, current if field.many_to_many else [current])
        pairs.append((field, in_version, old, current))
    related.resolve()

    comparisons = []
    for field, in_version, old, current in pairs:
        current_text = _display(field, current, related)
        if not in_version:
            old_html = format_html(
                '<span class="compare-empty">{}</span>',
                gettext("(ce champ n'existait pas encore)"),
            )
            current_html = conditional_escape(current_text) if current_text else _empty()
            changed = True
        else:
            old_text = _display(field, old, related)
            changed = old != current
            is_text = isinstance(field, models.CharField | models.TextField) and not (
                field.flatchoices
            )
            if changed and is_text and old_text and current_text:
                old_html, current_html = word_diff(old_text, current_text)
            else:
                old_html = conditional_escape(old_text) if old_text else _empty()
                current_html = conditional_escape(current_text) if current_text else _empty()
        comparisons.append(
            FieldComparison(
                label=str(field.verbose_name),
                old=old_html,
                current=current_html,
                changed=changed,
            )
        )
    return comparisons
