"""Search across every registered kind of content (`core.registry`).

Accents and case never matter: « eleves » finds « élèves », « insertion » finds « Insertion ».
- PostgreSQL: French full-text search (stemming, ranking) with the `french_unaccent`
  configuration created by migration 0007 (the `unaccent` extension + French stemmer).
  Kinds declaring a `search_vector_field` are searched through that stored, GIN-indexed
  document (core/search_document.py); the others are analysed at query time.
  A word found in thousands of records of a kind with `many_records` (news, alumni,
  documents) has only the newest RANKED_CANDIDATES of them ranked.
- SQLite: kinds with a search document are searched in the FTS5 table `core_search_fts`
  (core/search_document.py: text folded as `fold()` does, markup removed), every word as a
  prefix, ranked by bm25 with the title first. Other kinds (none on the site today) fold
  their text at query time with the `ipps_search_text` SQL function each connection gets,
  and every word of the query must appear in it.
One query per kind, whatever the amount of content; results are capped per kind.

In English (the active language, or `language=`) each kind is searched in its English
document (core/search_document.py: English twins with their French fallback, English
stemming), only among the records that exist in English (an English title), and results
show their English title, excerpt and address.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Func, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from core.folding import fold, fold_char, searchable_text
from core.prepared import execute_prepared
from core.registry import ContentKind, content_kinds
from core.search_document import (
    SEARCH_CONFIGS,
    fts_match_expression,
    fts_rowid_range,
    fts_table,
    kind_model,
    search_texts,
    stored_document_column,
    weighted_vector,
)
from core.translation import SOURCE_LANGUAGE, active_language, records_in_language

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MIN_TERM_LENGTH = 2
RESULTS_PER_KIND = 10
EXCERPT_LENGTH = 220
# PostgreSQL ranks at most this many of a kind's matches (the newest), see _matching.
RANKED_CANDIDATES = 200

_WHITESPACE = re.compile(r"\s+")
# Ends of blocks and line breaks: words on each side must not be glued by strip_tags.
_BLOCK_BREAKS = re.compile(r"</(?:p|li|h[1-6]|td|th|blockquote|tr)>|<br\s*/?>", re.IGNORECASE)


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


def search(raw_query, language=None):
    """(cleaned query, groups of results): one group per kind that has results, searched
    in `language` (default: the active one)."""
    language = language or active_language()
    query = clean_query(raw_query)
    terms = query_terms(query)
    if not terms:
        return query, []
    groups = []
    kinds = content_kinds()
    found_in = _kinds_with_matches(kinds, terms, language)
    for kind in kinds:
        if found_in is not None and kind.key not in found_in:
            continue
        objects = list(_matching(kind, query, terms, language)[: RESULTS_PER_KIND + 1])
        if objects:
            results = [_result(kind, obj, terms, language) for obj in objects[:RESULTS_PER_KIND]]
            groups.append(SearchGroup(kind, results, len(objects) > RESULTS_PER_KIND))
    return query, groups


def _kinds_with_matches(kinds, terms, language=SOURCE_LANGUAGE):
    """The keys of the kinds whose stored search documents in `language` hold the terms,
    drafts and records missing in that language included, found in one query; the kinds
    without a stored document are always among them. None when the database has no such
    index.

    Most searches find nothing in most kinds (words of another kind of content, a typo):
    those kinds then cost no query of their own, which is where a search spent its time
    (building and running one query per kind). The rows a kind finds are still decided by
    its own query, with its public records and its ranking."""
    stored = [kind for kind in kinds if kind.search_vector_field]
    always = {kind.key for kind in kinds if not kind.search_vector_field}
    if connection.vendor == "sqlite":
        expression = fts_match_expression(terms)
        if expression is None:
            return always
        # Each kind's rows sit in their own range of rowids (fts_rowid_range), in the
        # table of its document in that language (an English search may read both tables).
        kinds_by_table = {}
        for kind in stored:
            kinds_by_table.setdefault(fts_table(kind, language), []).append(kind)
        selects, params = [], []
        for table, table_kinds in kinds_by_table.items():
            cases = []
            for kind in table_kinds:
                cases.append("WHEN rowid BETWEEN %s AND %s THEN %s")
                params += [*fts_rowid_range(kind), kind.key]
            selects.append(
                f"SELECT DISTINCT CASE {' '.join(cases)} END FROM {table} WHERE {table} MATCH %s"
            )
            params.append(expression)
        if not selects:
            return always
        with connection.cursor() as cursor:
            cursor.execute(" UNION ".join(selects), params)
            found = {key for (key,) in cursor.fetchall()}
        return always | (found - {None})
    if connection.vendor == "postgresql":
        located = []
        for kind in stored:
            column = _document_column(kind, language)
            if column is None:  # analysed at query time in this language
                always.add(kind.key)
            else:
                located.append((kind.key, *column))
        if not located:
            return always
        branches = [
            f"SELECT %s::text WHERE EXISTS (SELECT 1 FROM {table} "
            f"WHERE {column} @@ websearch_to_tsquery($1::regconfig, $2))"
            for _key, table, column in located
        ]
        with connection.cursor() as cursor:
            # Prepared once per connection (core/prepared.py): planning its branches, one a
            # kind, took twice as long as running them. Each branch stops at its first row
            # found by the GIN index. Left to itself, the planner guesses that words each
            # found in many records are found together and reads the table in order to stop
            # at the first match, every row of it when there is none (8 ms and more at
            # 10,000 news); the index answers in well under a millisecond either way. Its
            # one plan, made with sequential scans off, serves every later search (the words
            # change, the plan does not). SET LOCAL lasts for the message alone.
            execute_prepared(
                connection,
                cursor,
                f"search_kinds_{language}",
                " UNION ALL ".join(branches),
                parameter_types=("text", "text"),
                definition_params=[key for key, _table, _column in located],
                arguments=[SEARCH_CONFIGS[language], " ".join(terms)],
                before="SET LOCAL enable_seqscan = off; "
                "SET LOCAL plan_cache_mode = force_generic_plan; ",
            )
            found = {key for (key,) in cursor.fetchall()}
            if connection.in_atomic_block:  # they would last until that transaction ends
                cursor.execute(
                    "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL plan_cache_mode TO DEFAULT"
                )
        return always | found
    return None


_document_columns = {}


def _document_column(kind, language):
    """(table, column) of a kind's stored search document in `language`, quoted, or None
    when that document is analysed at query time; found once per process."""
    if (kind.key, language) not in _document_columns:
        column = stored_document_column(kind, language)
        located = None
        if column is not None:
            meta = kind_model(kind)._meta
            quote = connection.ops.quote_name
            located = (quote(meta.db_table), quote(meta.get_field(column).column))
        _document_columns[kind.key, language] = located
    return _document_columns[kind.key, language]


def _matching(kind, query, terms, language=SOURCE_LANGUAGE):
    queryset = records_in_language(kind.public_queryset(), language)
    if kind.search_vector_field:
        # The analysed text is only for finding rows: never read back.
        queryset = queryset.defer(*{kind.search_vector_field, *_stored_columns(kind)})
    # Equal ranks are common (similar titles): newest first, as the kind's list shows
    # them, then the key, so that the ten shown do not depend on the rows' disk order.
    tie_break = queryset.query.order_by or queryset.model._meta.ordering
    if connection.vendor == "postgresql":
        return _matching_postgresql(kind, queryset, terms, tie_break, language)
    if connection.vendor == "sqlite" and kind.search_vector_field:
        return _matching_sqlite_fts(kind, queryset, terms, tie_break, language)
    parts = []
    for text in search_texts(kind, language):
        text = F(text) if isinstance(text, str) else text
        parts += [Coalesce(text, Value(""), output_field=TextField()), Value(" ")]
    folded = Func(Concat(*parts, output_field=TextField()), function="ipps_search_text")
    queryset = queryset.annotate(folded_search_text=folded)
    for term in terms:
        queryset = queryset.filter(folded_search_text__contains=fold(term))
    return queryset


def _stored_columns(kind):
    return {
        column
        for column in (stored_document_column(kind, language) for language in SEARCH_CONFIGS)
        if column
    }


def _matching_postgresql(kind, queryset, terms, tie_break, language):
    config = SEARCH_CONFIGS[language]
    search_query = SearchQuery(" ".join(terms), config=config, search_type="websearch")
    column = stored_document_column(kind, language)
    if column is None:
        vector = weighted_vector(search_texts(kind, language), config)
        matches = queryset.annotate(search_vector=vector).filter(search_vector=search_query)
    else:
        # Same weighted vector, computed on save: the GIN index finds the rows.
        vector = F(column)
        matches = queryset.filter(**{column: search_query})
    if column and kind.many_records:
        # A word found in thousands of records would have every one of them ranked at each
        # search: only the newest RANKED_CANDIDATES matches are (keys grow with time), those
        # from the key of the oldest of them on (0 when there are fewer).
        oldest_ranked = matches.order_by("-pk").values("pk")[
            RANKED_CANDIDATES - 1 : RANKED_CANDIDATES
        ]
        matches = matches.filter(pk__gte=Coalesce(Subquery(oldest_ranked), 0))
    return matches.annotate(search_rank=SearchRank(vector, search_query)).order_by(
        "-search_rank", *tie_break, "pk"
    )


def _matching_sqlite_fts(kind, queryset, terms, tie_break, language):
    expression = fts_match_expression(terms)
    if expression is None:
        return queryset.none()
    table = fts_table(kind, language)
    base, first, last = fts_rowid_range(kind, with_base=True)
    quote = connection.ops.quote_name
    key = f"{quote(queryset.model._meta.db_table)}.{quote(queryset.model._meta.pk.column)}"
    # A join, so that SQLite starts from the FTS index's matches and computes each one's
    # bm25 once (lower is better; a match in the title, column 1, counts ten times more).
    # The ORM has no join to a table without a model: hence extra().
    return queryset.extra(  # noqa: S610 — every value is a parameter, the names are ours
        tables=[table],
        where=[
            f"{table} MATCH %s",
            f"{table}.rowid BETWEEN %s AND %s",
            f"{key} = {table}.rowid - %s",
        ],
        params=[expression, first, last, base],
        select={"search_rank": f"bm25({table}, 10.0, 1.0)"},
    ).order_by("search_rank", *tie_break, "pk")


def plain_text(value):
    """Text of a field for display: tags removed, entities decoded, spaces collapsed."""
    text = strip_tags(_BLOCK_BREAKS.sub(" ", str(value or "")))
    return _WHITESPACE.sub(" ", html.unescape(text)).strip()


def _result(kind, obj, terms, language=SOURCE_LANGUAGE):
    title = plain_text(_value(obj, kind.search_fields[0], language))
    excerpt_text = plain_text(_value(obj, kind.excerpt_field, language))
    return SearchResult(
        title=highlight(title, terms),
        url=kind.result_url(obj, terms) if kind.result_url else obj.get_absolute_url(),
        excerpt=highlight(excerpt_window(excerpt_text, terms), terms),
    )


def _value(obj, path, language=SOURCE_LANGUAGE):
    for part in path.split("__"):
        if obj is not None and part in getattr(obj, "translated_fields", ()):
            obj = obj.in_language(part, language)
        else:
            obj = getattr(obj, part, None) if obj is not None else None
    return obj


class _FoldTable(dict):
    """`str.translate` table folding each character as `fold_char` does, filled as
    characters are met: the text of every result is folded at C speed, not a character at
    a time in Python (where a search with many results spent most of its time)."""

    def __missing__(self, code):
        self[code] = fold_char(chr(code))
        return self[code]


class _UnevenTable(dict):
    """`str.translate` table keeping only the characters that do not fold into exactly one
    (ligatures « œ », lone accents): without any, a folded text's characters stand at the
    same places as the original's."""

    def __missing__(self, code):
        self[code] = None if len(fold_char(chr(code))) == 1 else chr(code)
        return self[code]


_FOLD_TABLE = _FoldTable()
_UNEVEN_TABLE = _UnevenTable()


def _folded_with_positions(text):
    """The folded text and, for each of its characters, the index in `text` it came from
    (None when every character folds into one: the indexes are the same)."""
    uneven = set(text.translate(_UNEVEN_TABLE))
    if not uneven:
        return text.translate(_FOLD_TABLE), None
    # Only the few uneven characters (an « œ » in « mise en œuvre ») are taken one by one:
    # the stretches between them fold at C speed, each character to one.
    folded, positions, start = [], [], 0
    for index in sorted(_indexes_of(text, uneven)):
        folded.append(text[start:index].translate(_FOLD_TABLE))
        positions.extend(range(start, index))
        piece = fold_char(text[index])
        folded.append(piece)
        positions.extend([index] * len(piece))
        start = index + 1
    folded.append(text[start:].translate(_FOLD_TABLE))
    positions.extend(range(start, len(text)))
    return "".join(folded), positions


def _indexes_of(text, characters):
    for char in characters:
        index = text.find(char)
        while index >= 0:
            yield index
            index = text.find(char, index + 1)


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
                    if positions is None:
                        spans.append((start, end))
                    else:
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
    # html.escape, which Django's escape() wraps: the same text, without the cost of its
    # lazy-string wrapper on every piece of every result.
    pieces, cursor = [], 0
    for start, end in _match_spans(text, terms):
        pieces.append(html.escape(text[cursor:start]))
        pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 — every piece of text is escaped above
