"""Per-page measures that need Django itself, on the benchmark database.

Run by bench/run.py in a subprocess whose environment points at that database (page cache
off): `bench/measure.py OUTPUT.json` writes one JSON object:
- "pages": for every public page, the SQL queries of one render and its HTML (for the page
  weight); the search's queries are the most any of a sample of the varied searches runs;
- "search": the varied queries wrk cycles through, built from the words of these pages;
- "admin": for the lists and change forms of the content the Secrétariat edits (news,
  alumni, documents, the programme with its fiche and the presentation's parts, the fixed
  pages), signed in as a Secrétariat member: SQL queries and the median time of
  sequential renders through the test client (no server, no load: the unloaded p50
  without the network).
Pages whose URL does not resolve (an app not merged yet) are reported as missing.
"""

import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from backoffice.roles import SECRETARIAT, sync_roles  # noqa: E402
from bench.queries import build_queries, content_words, not_found_paths, search_paths  # noqa: E402

# (label, URL name, kind); the news detail URL is found on the news list.
PAGES = [
    ("Accueil", "home", "page"),
    ("Formation", "programme:presentation", "page"),
    ("Actualités (liste)", "news:list", "page"),
    ("Actualité (détail)", "news:detail", "page"),
    ("Anciens étudiants", "alumni:directory", "page"),
    ("Documents", "documents:list", "page"),
    ("Recherche", "search", "search"),
    ("Page introuvable", "404", "not_found"),
]
# The same pages under /en/ (issue 18): the English home, fiche, news list and item.
ENGLISH_PAGES = [
    ("Accueil (anglais)", "home", "page"),
    ("Formation (anglais)", "programme:presentation", "page"),
    ("Actualités (liste, anglais)", "news:list", "page"),
    ("Actualité (détail, anglais)", "news:detail", "page"),
]
ADMIN_APPS = ("news", "alumni", "documents", "programme", "pages")
SEARCH_SAMPLE = 12  # searches whose SQL queries are counted
ADMIN_RENDERS = 15
BENCH_STAFF_EMAIL = "banc-d-essai@univ-lorraine.fr"


def first_detail_url(list_html, list_url):
    for match in re.finditer(rf'href="({re.escape(list_url)}[^"/?#]+/)"', list_html):
        return match.group(1)
    return None


def measure(client, url):
    client.get(url)  # warms per-process caches (site identity), as a running server has
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode("utf-8", errors="replace")
    return {"status": response.status_code, "queries": len(queries), "html": html}


def visible_text(html):
    """The words a reader sees in the page's main part (scripts, styles and tags dropped)."""
    main = re.search(r"<main\b.*?</main>", html, re.S)
    text = main.group(0) if main else html
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


def public_pages(client):
    results = []
    texts = []
    news_lists = {}
    pages = [(page, "fr") for page in PAGES] + [(page, "en") for page in ENGLISH_PAGES]
    for (label, url_name, kind), language in pages:
        entry = {"label": label, "url_name": url_name, "kind": kind}
        news_list = news_lists.get(language)
        try:
            if url_name == "news:detail":
                url = news_list and first_detail_url(news_list[1], news_list[0])
                if not url:
                    raise NoReverseMatch("aucune actualité sur la liste")
            elif url_name == "404":
                url = not_found_paths(1)[0]
            else:
                with translation.override(language):
                    url = reverse(url_name)
        except NoReverseMatch as error:
            message = str(error)
            entry["missing"] = (
                message if "actualité" in message else f"URL « {url_name} » non définie"
            )
            results.append(entry)
            continue
        if kind == "search":
            entry["url"] = url
            results.append(entry)
            continue
        measured = measure(client, url)
        if url_name == "news:list":
            news_lists[language] = (url, measured["html"])
        if kind == "page" and language == "fr":
            texts.append(visible_text(measured["html"]))
        entry.update(url=url, html_bytes=len(measured["html"].encode()), **measured)
        results.append(entry)
    return results, texts


def search_measures(client, entry, texts):
    queries = build_queries(content_words(texts))
    counts = []
    for query in queries[:SEARCH_SAMPLE]:
        counts.append(measure(client, search_paths(entry["url"], [query])[0])["queries"])
    sample = measure(client, search_paths(entry["url"], queries[:1])[0])
    entry.update(
        url=f"{entry['url']}?q=…",
        search_url=entry["url"],
        queries=max(counts),
        queries_range=[min(counts), max(counts)],
        distinct=len(queries),
        html=sample["html"],
        html_bytes=len(sample["html"].encode()),
        status=sample["status"],
    )
    return queries


def secretariat_client():
    sync_roles()
    user, _created = get_user_model().objects.get_or_create(
        email=BENCH_STAFF_EMAIL, defaults={"is_staff": True}
    )
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    client = Client()
    client.force_login(user)
    return client


def admin_pages(client):
    results = []
    for model, _model_admin in sorted(
        admin.site._registry.items(), key=lambda item: item[0]._meta.label
    ):
        meta = model._meta
        if meta.app_label not in ADMIN_APPS:
            continue
        targets = [
            (
                f"{meta.verbose_name_plural} (liste)",
                f"admin:{meta.app_label}_{meta.model_name}_changelist",
                (),
            )
        ]
        first = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        if first is not None:
            targets.append(
                (
                    f"{meta.verbose_name} (formulaire)",
                    f"admin:{meta.app_label}_{meta.model_name}_change",
                    (first,),
                )
            )
        for label, url_name, arguments in targets:
            try:
                url = reverse(url_name, args=arguments)
            except NoReverseMatch:
                continue
            measured = measure(client, url)
            if measured["status"] != 200:
                continue  # not the Secrétariat's: a superuser's tool
            durations = []
            for _render in range(ADMIN_RENDERS):
                started = time.perf_counter()
                client.get(url)
                durations.append((time.perf_counter() - started) * 1000)
            results.append(
                {
                    "label": str(label),
                    "url": url,
                    "queries": measured["queries"],
                    "unloaded_p50": statistics.median(durations),
                }
            )
    return results


def main():
    client = Client()
    pages, texts = public_pages(client)
    queries = []
    for entry in pages:
        if entry["kind"] == "search" and "missing" not in entry:
            queries = search_measures(client, entry, texts)
    admin_results = admin_pages(secretariat_client())
    # A file, not stdout: the site's JSON logs (a 404, a warning) go to stdout.
    Path(sys.argv[1]).write_text(
        json.dumps({"pages": pages, "search": queries, "admin": admin_results})
    )


if __name__ == "__main__":
    main()
