"""Search across every registered kind of content (`core.registry`).

Accents and case never matter: « eleves » finds « élèves », « insertion » finds « Insertion ».
- PostgreSQL: French full-text search (stemming, ranking) with the `french_unaccent`
  configuration created by migration 0007 (the `unaccent` extension + French stemmer).
  Kinds declaring a `search_vector_field` are searched through that stored, GIN-indexed
  document (core/search_document.py); the others are analysed at query time.
- SQLite: each connection gets an `ipps_search_text` SQL function (markup removed, then the
  same folding as `fold()`; PostgreSQL's parser skips markup itself), and every word of the
  query must appear in the folded text of the searched fields.
One query per kind, whatever the amount of content; results are capped per kind.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from core.registry import ContentKind, content_kinds
from core.search_document import SEARCH_CONFIG, weighted_vector

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_TERM_LENGTH = 2
RESULTS_PER_KIND = 10
EXCERPT_LENGTH = 220

# Letters that do not decompose into a base letter plus accents.
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}
_WHITESPACE = re.compile(r"\s+")
# Ends of blocks and line breaks: words on each side must not be glued by strip_tags.
_BLOCK_BREAKS = re.compile(r"</(?:p|li|h[1-6]|td|th|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


def fold_char(char):
    lowered = char.lower()
    if lowered in _LIGATURES:
        return _LIGATURES[lowered]
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text):
    """Lower case without accents (« Élèves » → « eleves »), as the search compares text."""
    if text is None:
        return None
    return "".join(fold_char(char) for char in str(text))


_TAG = re.compile(r"<[^>]*>")


def searchable_text(value):
    """Text as the SQLite search compares it: markup removed, entities decoded, folded."""
    if value is None:
        return None
    return fold(html.unescape(_TAG.sub(" ", str(value))))


def register_sqlite_fold(sender, connection, **kwargs):
    """`connection_created` receiver: gives SQLite the `ipps_search_text()` function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "ipps_search_text", 1, searchable_text, deterministic=True
        )


def clean_query(raw):
    """The query as searched: control characters removed, spaces collapsed, length capped."""
    if not raw:
        return ""
    printable = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"} else char
        for char in str(raw)[: MAX_QUERY_LENGTH * 4]
    )
    return _WHITESPACE.sub(" ", printable).strip()[:MAX_QUERY_LENGTH].strip()


def query_terms(query):
    """The words that count (at most MAX_TERMS, each of MIN_TERM_LENGTH characters or more)."""
    words = [word.strip("\"'«»()[]{}<>.,;:!?*+-") for word in query.split(" ")]
    terms = []
    for word in words:
        if len(word) >= MIN_TERM_LENGTH and fold(word) not in {fold(t) for t in terms}:
            terms.append(word)
    return terms[:MAX_TERMS]


@dataclass
class SearchResult:
    title: str
    url: str
    excerpt: str  # safe HTML: escaped text with <mark> around the matches


@dataclass
class SearchGroup:
    kind: ContentKind
    results: list[SearchResult]
    has_more: bool


def search(raw_query):
    """(cleaned query, groups of results): one group per kind that has results."""
    query = clean_query(raw_query)
    terms = query_terms(query)
    if not terms:
        return query, []
    groups = []
    for kind in content_kinds():
        objects = list(_matching(kind, query, terms)[: RESULTS_PER_KIND + 1])
        if objects:
            results = [_result(kind, obj, terms) for obj in objects[:RESULTS_PER_KIND]]
            groups.append(SearchGroup(kind, results, len(objects) > RESULTS_PER_KIND))
    return query, groups


def _matching(kind, query, terms):
    queryset = kind.public_queryset()
    if connection.vendor == "postgresql":
        search_query = SearchQuery(" ".join(terms), config=SEARCH_CONFIG, search_type="websearch")
        if kind.search_vector_field:
            # Same weighted vector as below, computed on save: the GIN index finds the rows.
            vector = F(kind.search_vector_field)
            matches = {kind.search_vector_field: search_query}
        else:
            vector = weighted_vector(kind.search_fields)
            queryset = queryset.annotate(search_vector=vector)
            matches = {"search_vector": search_query}
        # Equal ranks are common (similar titles): newest first, as the kind's list shows
        # them, then the key, so that the ten shown do not depend on the rows' disk order.
        tie_break = queryset.query.order_by or queryset.model._meta.ordering
        return (
            queryset.annotate(search_rank=SearchRank(vector, search_query))
            .filter(**matches)
            .order_by("-search_rank", *tie_break, "pk")
        )
    parts = []
    for name in kind.search_fields:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    folded = Func(Concat(*parts, output_field=TextField()), function="ipps_search_text")
    queryset = queryset.annotate(folded_search_text=folded)
    for term in terms:
        queryset = queryset.filter(folded_search_text__contains=fold(term))
    return queryset


def plain_text(value):
    """Text of a field for display: tags removed, entities decoded, spaces collapsed."""
    text = strip_tags(_BLOCK_BREAKS.sub(" ", str(value or "")))
    return _WHITESPACE.sub(" ", html.unescape(text)).strip()


def _result(kind, obj, terms):
    title = plain_text(_value(obj, kind.search_fields[0]))
    excerpt_text = plain_text(_value(obj, kind.excerpt_field))
    return SearchResult(
        title=highlight(title, terms),
        url=kind.result_url(obj, terms) if kind.result_url else obj.get_absolute_url(),
        excerpt=highlight(excerpt_window(excerpt_text, terms), terms),
    )


def _value(obj, path):
    for part in path.split("__"):
        obj = getattr(obj, part, None) if obj is not None else None
    return obj


def _folded_with_positions(text):
    """The folded text and, for each of its characters, the index in `text` it came from."""
    folded, positions = [], []
    for index, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        positions.extend([index] * len(piece))
    return "".join(folded), positions


def _match_spans(text, terms):
    folded, positions = _folded_with_positions(text)
    spans = []
    for term in terms:
        needle = fold(term)
        # Stemming on PostgreSQL finds « insertions » for « insertion »: highlight the stem.
        for candidate in (needle, needle[: max(4, len(needle) - 2)]):
            found = [m.start() for m in re.finditer(re.escape(candidate), folded)]
            if found:
                for start in found:
                    end = start + len(candidate)
                    spans.append((positions[start], positions[end - 1] + 1))
                break
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def contains_terms(text, terms):
    """Whether `text` holds one of the terms (accents ignored, a stem as on PostgreSQL)."""
    return bool(_match_spans(text or "", terms))


def excerpt_window(text, terms, length=EXCERPT_LENGTH):
    """About `length` characters of `text` around the first match, cut at word boundaries."""
    if len(text) <= length:
        return text
    spans = _match_spans(text, terms)
    start = max(0, spans[0][0] - length // 3) if spans else 0
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < spans[0][0] else start
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return f"{prefix}{text[start:end]}{suffix}"


def highlight(text, terms):
    """Escape `text` first, then wrap each match of the terms in <mark> (accent-insensitive)."""
    pieces, cursor = [], 0
    for start, end in _match_spans(text, terms):
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 — every piece of text is escaped above
