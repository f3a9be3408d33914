"""Per-page measures that need Django itself: SQL queries and the HTML of one render.

Run by bench/run.py in a subprocess whose environment points at the benchmark database;
prints one JSON object. Pages whose URL does not resolve (an app not merged yet) are
reported as missing rather than failing the run.
"""

import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

# (label, URL name, query string); the news detail URL is found on the news list.
PAGES = [
    ("Accueil", "home", ""),
    ("Formation", "programme:presentation", ""),
    ("Actualités (liste)", "news:list", ""),
    ("Actualité (détail)", "news:detail", ""),
    ("Anciens étudiants", "alumni:directory", ""),
    ("Documents", "documents:list", ""),
    ("Recherche", "search", "?q=master"),
    ("/sante/", "health", ""),
]


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


def main():
    client = Client()
    results = []
    list_urls = {}
    for label, url_name, query in PAGES:
        entry = {"label": label, "url_name": url_name}
        try:
            if url_name == "news:detail":
                list_url = list_urls.get("news:list")
                url = first_detail_url(list_urls.get("news:list:html", ""), list_url or "\0")
                if url is None:
                    raise NoReverseMatch("aucune actualité sur la liste")
            else:
                url = reverse(url_name) + query
        except NoReverseMatch as error:
            message = str(error)
            entry["missing"] = (
                message if "actualité" in message else f"URL « {url_name} » non définie"
            )
            results.append(entry)
            continue
        measured = measure(client, url)
        if url_name == "news:list":
            list_urls["news:list"] = reverse(url_name)
            list_urls["news:list:html"] = measured["html"]
        entry.update(url=url, **measured)
        results.append(entry)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
