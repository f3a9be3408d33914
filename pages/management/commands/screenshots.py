"""Screenshots of every public page at phone, tablet and computer widths, to look at.

`manage.py screenshots --output DIR` starts this site on a free local port (this
database, these settings), opens each page of the navigation, the footer and sitemap.xml in
headless Chromium (Debian's package, driven by Playwright) and writes `<page>-<width>.png`
into DIR. With `--base-url` it photographs a site that is already running instead.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.core.management.base import BaseCommand, CommandError

from pages.navigation import FOOTER, NAVIGATION, build_navigation

WIDTHS = (320, 768, 1280)
HEIGHT = 900
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def layout_paths():
    """The paths the navigation and the footer link to, in their order."""
    for link in build_navigation(None, NAVIGATION + FOOTER):
        for url in [link.url, *(child.url for child in link.children)]:
            if url:
                yield url.split("#")[0]


def sitemap_paths(base_url):
    """The paths sitemap.xml lists (every published page, whatever its kind)."""
    with urllib.request.urlopen(f"{base_url}/sitemap.xml", timeout=30) as response:
        tree = ElementTree.fromstring(response.read())
    for loc in tree.iter(f"{SITEMAP_NS}loc"):
        parts = urlsplit(loc.text.strip())
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def file_stem(path):
    """« /actualites/soutenances/ » → « actualites_soutenances »; the home page « accueil »."""
    stem = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
    return stem or "accueil"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url, server, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("Le serveur local s'est arrêté au démarrage.")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    raise CommandError(f"Le serveur local ne répond pas sur {url}.")


class Command(BaseCommand):
    help = (
        "Prend des captures d'écran de chaque page publique à 320, 768 et 1280 pixels de "
        "large (Chromium sans fenêtre) et les écrit dans le dossier --output."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Dossier des captures (créé).")
        parser.add_argument(
            "--base-url",
            help="Adresse d'un site déjà lancé ; sans elle, le site est lancé ici le temps "
            "des captures.",
        )
        parser.add_argument(
            "--widths",
            default=",".join(map(str, WIDTHS)),
            help="Largeurs en pixels, séparées par des virgules (défaut : 320,768,1280).",
        )

    def handle(self, *args, output, base_url, widths, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError(
                "Playwright manque : installez les dépendances de test (pip install -e '.[test]')."
            ) from error
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        widths = [int(width) for width in widths.split(",") if width.strip()]
        server = None
        if not base_url:
            port = free_port()
            base_url = f"http://127.0.0.1:{port}"
            # --insecure: the static files are served even with DEBUG off.
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", "--insecure", str(port)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        base_url = base_url.rstrip("/")
        try:
            if server is not None:
                wait_until_up(base_url + "/", server)
            paths = list(dict.fromkeys([*layout_paths(), *sitemap_paths(base_url)]))
            written = self.shoot(sync_playwright, base_url, paths, widths, folder)
        finally:
            if server is not None:
                server.terminate()
                server.wait(timeout=30)
        self.stdout.write(f"{written} capture(s) écrite(s) dans {folder}.")

    def shoot(self, sync_playwright, base_url, paths, widths, folder):
        written = 0
        executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            try:
                for width in widths:
                    page = browser.new_page(viewport={"width": width, "height": HEIGHT})
                    for path in paths:
                        response = page.goto(base_url + path, wait_until="load")
                        if response is None or response.status != 200:
                            status = response.status if response else "?"
                            self.stderr.write(f"{path} : réponse {status}, pas de capture.")
                            continue
                        target = folder / f"{file_stem(path)}-{width}.png"
                        page.screenshot(path=target, full_page=True)
                        written += 1
                    page.close()
            finally:
                browser.close()
        return written
