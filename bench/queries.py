"""The searches `make bench` sends: varied queries built from the site's own words.

One repeated query measures a cache, not a search. The list mixes one to four words taken
from the content, with and without their accents, and words that match nothing. Pure
Python (no Django) so that the suite can check the mix without a server.
"""

import random
import re
import unicodedata
import urllib.parse

MIN_QUERIES = 200
# Words no content has: a search that finds nothing costs a full lookup too.
NONSENSE = [
    "zorglub",
    "xylophagie",
    "kwyjibo",
    "brouzoufs",
    "quetzalcoatlus",
    "flibustrac",
    "wombatique",
    "zygomachin",
    "plouquette",
    "grznk",
]
WORD = re.compile(r"[^\W\d_]{4,}")


def strip_accents(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def content_words(texts):
    """Distinct lower-case words of four letters or more, in order of first appearance."""
    seen = {}
    for text in texts:
        for word in WORD.findall(text):
            seen.setdefault(word.lower(), None)
    return list(seen)


def build_queries(words, count=240, seed=17):
    """`count` distinct queries (at least MIN_QUERIES): one to four words drawn from `words`,
    about a third of them with accents dropped where they had some, one in ten with a word
    matching nothing. The same words and seed give the same list (runs are comparable)."""
    count = max(count, MIN_QUERIES)
    words = sorted(set(words))
    if len(words) < 20:
        raise ValueError(f"trop peu de mots dans le contenu pour varier les recherches : {words}")
    accented = [word for word in words if strip_accents(word) != word]
    chooser = random.Random(seed)
    queries = []
    seen = set()
    attempts = 0
    while len(queries) < count:
        attempts += 1
        if attempts > count * 100:
            raise ValueError("impossible de composer assez de recherches différentes")
        # Counted in attempts, not queries found: once the single words run out, the mix
        # goes on with longer queries.
        position = attempts
        size = 1 + position % 4
        picked = chooser.sample(words, size)
        if position % 3 == 1 and accented:
            # Typed without accents, as on many keyboards: the search must still find them.
            picked[0] = strip_accents(chooser.choice(accented))
        elif position % 3 == 2 and accented:
            picked[0] = chooser.choice(accented)
        if position % 10 == 9:
            picked[-1] = chooser.choice(NONSENSE)
        query = " ".join(picked)
        if query not in seen:
            seen.add(query)
            queries.append(query)
    return queries


def search_paths(search_url, queries):
    """The request paths wrk cycles through."""
    return [f"{search_url}?{urllib.parse.urlencode({'q': query})}" for query in queries]


def not_found_paths(count=50):
    """Varied missing addresses, as the bots that hit the 404 page all day ask for."""
    stems = ["wp-login.php", "ancienne-page", "actualites/2019", "xmlrpc.php", ".env", "admin.php"]
    return [f"/{stems[number % len(stems)]}-{number}/" for number in range(count)]
