"""`make bench`'s pure parts (bench/queries.py, bench/report.py) and its floor project: the
instrument itself, without timing anything (the timings live in `make bench` alone)."""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from bench import report
from bench.queries import (
    MIN_QUERIES,
    NONSENSE,
    build_queries,
    content_words,
    not_found_paths,
    search_paths,
    strip_accents,
)

PROJECT_DIR = Path(__file__).resolve().parents[2]
FLOOR_DIR = PROJECT_DIR / "bench" / "floor"

TEXTS = [
    "Le master Ingénierie des politiques publiques et sociales forme des cadres.",
    "Séminaire d'économie sociale : évaluation des politiques de santé, méthodes qualitatives.",
    "Soutenance des mémoires de deuxième année, stage en collectivité territoriale.",
    "Candidature en première année : dossier, entretien, calendrier, résultats.",
]


def test_content_words_are_distinct_lower_case_words_of_four_letters_or_more():
    words = content_words(TEXTS)
    assert len(words) == len(set(words))
    assert "ingénierie" in words and "séminaire" in words
    assert all(len(word) >= 4 and word == word.lower() for word in words)
    assert "des" not in words and "d'économie" not in words


def test_queries_are_at_least_two_hundred_different_with_the_required_mix():
    words = content_words(TEXTS)
    queries = build_queries(words)
    assert len(queries) >= MIN_QUERIES
    assert len(set(queries)) == len(queries)
    lengths = {len(query.split()) for query in queries}
    assert lengths == {1, 2, 3, 4}
    typed = [word for query in queries for word in query.split()]
    accented = {word for word in words if strip_accents(word) != word}
    # Accented words as written, and the same words typed without their accents.
    assert any(word in accented for word in typed)
    assert any(word not in words and word in {strip_accents(a) for a in accented} for word in typed)
    # Some match nothing; most do not.
    nothing = [query for query in queries if set(query.split()) & set(NONSENSE)]
    assert 0.05 * len(queries) <= len(nothing) <= 0.2 * len(queries)
    # Every other word comes from the content.
    assert set(typed) - set(NONSENSE) <= set(words) | {strip_accents(a) for a in accented}


def test_queries_are_the_same_from_run_to_run_and_refuse_a_content_too_poor():
    words = content_words(TEXTS)
    assert build_queries(words) == build_queries(list(reversed(words)))
    assert build_queries(words, seed=1) != build_queries(words, seed=2)
    with pytest.raises(ValueError, match="trop peu de mots"):
        build_queries(["master", "stage"])


def test_search_and_not_found_paths_are_encoded_and_varied():
    paths = search_paths("/recherche/", ["séminaire santé", "zorglub"])
    assert paths == ["/recherche/?q=s%C3%A9minaire+sant%C3%A9", "/recherche/?q=zorglub"]
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(paths[0]).query) == {
        "q": ["séminaire santé"]
    }
    missing = not_found_paths()
    assert len(set(missing)) == len(missing) >= 50
    assert all(path.startswith("/") and " " not in path for path in missing)


def stats(rps, p50=2.0, unloaded=1.0, errors=0):
    return {"rps": rps, "p50": p50, "p99": p50 * 3, "unloaded_p50": unloaded, "errors": errors}


def test_rounds_fold_into_medians_with_their_spread():
    combined = report.combine([stats(100, 3), stats(120, 1), stats(90, 2, errors=2)])
    assert combined["rps"] == 100
    assert combined["p50"] == 2
    assert combined["errors"] == 2
    assert combined["spread"] == pytest.approx(0.30)
    assert combined["rounds"] == 3
    assert report.combine([]) is None
    silent = {"rps": 0.0, "p50": None, "p99": None, "unloaded_p50": None, "errors": 1}
    assert report.combine([silent, stats(10, 4)])["p50"] == 4
    assert report.combine([silent])["p50"] is None
    assert report.ratio(stats(50), stats(200)) == 0.25
    assert report.ratio(stats(50), None) is None


def a_run(name="demo-pg", large=False, engine="postgresql", **changes):
    """A size run whose every measure meets its target exactly, or as `changes` say."""
    floor = {
        key: report.combine([stats(rps)])
        for key, rps in (("template", 500), ("constant", 1000), ("not_found", 800))
    }
    values = {
        "home": (200, 600),
        "search": (125, 600),
        "not_found": (400, None),
        "search_unloaded": 15.0,
        "admin_p50": 100.0,
        "admin_queries": 9,
        "home_queries": 5,
        "rss": 120.0,
        "first_response": 3.0,
        **changes,
    }
    home_uncached, home_cached = values["home"]
    search_uncached, search_cached = values["search"]
    pages = [
        {
            "label": "Accueil",
            "url_name": "home",
            "kind": "page",
            "url": "/",
            "queries": values["home_queries"],
            "html_bytes": 12_000,
            "weight": 40_000,
            "uncached": report.combine([stats(home_uncached)]),
            "cached": report.combine([stats(home_cached)]),
        },
        {
            "label": "Recherche",
            "url_name": "search",
            "kind": "search",
            "url": "/recherche/?q=…",
            "queries": 3,
            "distinct": 240,
            "uncached": report.combine(
                [stats(search_uncached, unloaded=values["search_unloaded"])]
            ),
            "cached": report.combine([stats(search_cached)]),
        },
        {
            "label": "Page introuvable",
            "url_name": "404",
            "kind": "not_found",
            "url": "/wp-login.php-0/",
            "queries": 1,
            "uncached": report.combine([stats(values["not_found"][0])]),
        },
    ]
    admin = [
        {
            "label": "actualités (liste)",
            "url": "/admin/news/news/",
            "queries": values["admin_queries"],
            "unloaded_p50": values["admin_p50"],
        }
    ]
    servers = {
        "site sans cache": {
            "rss_mb": [80.0, values["rss"]],
            "first_response": values["first_response"],
        }
    }
    return {
        "name": name,
        "engine": engine,
        "large": large,
        "title": name,
        "floor": floor,
        "pages": pages,
        "admin": admin,
        "servers": servers,
    }


def test_targets_met_exactly_are_met():
    found = report.checks([a_run(), a_run("large-pg", large=True)])
    assert found and all(ok for ok, _text in found), [text for ok, text in found if not ok]
    texts = "\n".join(text for _ok, text in found)
    # Search latency and the admin only at the large size; constant queries across sizes.
    assert "[large-pg] recherche : p50 à vide 15.0 ms" in texts
    assert "[demo-pg] recherche : p50" not in texts
    assert "[large-pg] admin actualités (liste) : p50 à vide 100.0 ms" in texts
    assert (
        "[postgresql] Accueil : 5 requêtes SQL à la taille de démonstration, 5 à la grande" in texts
    )


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        ({"home": (199, 600)}, "Accueil sans cache : 0.40 du gabarit"),
        ({"home": (200, 599)}, "Accueil en cache : 0.60 de la réponse constante"),
        ({"search": (124, 600)}, "recherche (240 requêtes différentes) sans cache : 0.25"),
        ({"search_unloaded": 15.5}, "recherche : p50 à vide 15.5 ms"),
        ({"not_found": (399, None)}, "page 404 : 0.50 de la 404 de Django"),
        ({"admin_p50": 101.0}, "admin actualités (liste) : p50 à vide 101.0 ms"),
        ({"admin_queries": 10}, "admin actualités (liste) : 9 requêtes SQL"),
        ({"home_queries": 6}, "Accueil : 5 requêtes SQL à la taille de démonstration, 6"),
        ({"rss": 121.0}, "121 Mo RSS au plus par worker"),
        ({"first_response": 3.1}, "première réponse 3.10 s"),
    ],
)
def test_each_target_missed_is_reported_missed(change, failing):
    found = report.checks([a_run(), a_run("large-pg", large=True, **change)])
    missed = [text for ok, text in found if not ok]
    assert len(missed) == 1 and failing in missed[0], missed


def test_errors_under_load_and_missing_pages_are_failures():
    run = a_run()
    run["pages"][0]["cached"]["errors"] = 3
    run["pages"].append(
        {
            "label": "Documents",
            "url_name": "documents:list",
            "kind": "page",
            "missing": "URL non définie",
        }
    )
    missed = [text for ok, text in report.checks([run]) if not ok]
    assert missed == [
        "[demo-pg] Accueil : 3 erreur(s) sous charge",
        "[demo-pg] Documents : page absente (URL non définie)",
    ]


def test_report_prints_every_measure_and_both_ratios():
    lines, ok = report.report(
        [a_run(), a_run("large-pg", large=True, home=(100, 600))], ["machine X"]
    )
    text = "\n".join(lines)
    assert not ok
    assert "- machine X" in text
    assert "| gabarit 5,5 Ko | 500 |" in text
    assert "| réponse constante | 1000 |" in text
    assert "| 404 de Django | 800 |" in text
    # Home without the page cache: 200 req/s, 0.40 of the template view, 0.20 of the constant.
    assert (
        "| Accueil | `/` | 5 | 11.7 | 39.1 | 200 | 2.0 | 6.0 | 1.0 | 0.40 | 0.20 | 0% | 0 |" in text
    )
    assert "| actualités (liste) | `/admin/news/news/` | 9 | 100.0 |" in text
    assert "| site sans cache | 80, 120 | 3.00 |" in text
    assert "- ❌ [large-pg] Accueil sans cache : 0.20 du gabarit (≥ 0.4)" in text
    assert "- ✅ [demo-pg] Accueil sans cache : 0.40 du gabarit (≥ 0.4)" in text
    assert (
        text.count("| page | URL | requêtes SQL | HTML (Ko) |") == 4
    )  # cached and uncached, two sizes


def test_floor_project_serves_a_five_to_six_kilobyte_page_a_constant_and_djangos_404():
    script = (
        "from django.test import Client\n"
        "import django; django.setup()\n"
        "client = Client()\n"
        "page, constant, missing = (client.get(u) for u in ('/gabarit/', '/constante/', '/x/'))\n"
        "print(page.status_code, len(page.content), constant.status_code, "
        "constant.content == page.content, missing.status_code, b'Not Found' in missing.content)\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(FLOOR_DIR),
        "DJANGO_SETTINGS_MODULE": "floorsite.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    status, size, constant_status, same, missing_status, djangos_own = result.stdout.split()
    assert (status, constant_status, same, missing_status, djangos_own) == (
        "200",
        "200",
        "True",
        "404",
        "True",
    )
    assert 5 * 1024 <= int(size) <= 6 * 1024
    template = (FLOOR_DIR / "floorsite" / "templates" / "floor.html").read_text()
    for part in ("<header>", "<nav", "{% for item in items %}", "<footer>"):
        assert part in template
