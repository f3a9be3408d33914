"""Text as the search compares it, the same for the query, the index and the highlighting:
lower case, accents and ligatures removed (« Œuvres des Élèves » → « oeuvres des eleves »)."""

import functools
import html
import re
import unicodedata

# Letters that do not decompose into a base letter plus accents.
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"}
_TAG = re.compile(r"<[^>]*>")


# Highlighting folds every character of every excerpt shown: the few hundred distinct
# characters of French text are decomposed once per process.
@functools.lru_cache(maxsize=4096)
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


def searchable_text(value):
    """Text as the SQLite search indexes it: markup removed, entities decoded, folded."""
    if value is None:
        return None
    return fold(html.unescape(_TAG.sub(" ", str(value))))
