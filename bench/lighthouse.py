"""`make lighthouse`: Lighthouse scores of the home page, /formation/ and a news item.

The site runs as in production (DEBUG off, collected static files served by whitenoise,
gunicorn, page cache on, shared by the workers) on a free port, over a throw-away SQLite
database holding the content `migrate` loads plus a few demo news items. Lighthouse (pinned
in bench/lighthouse/package.json, installed there with npm when missing; the site itself
never needs it) audits each page LIGHTHOUSE_RUNS times (3) with its default settings: a phone,
simulated slow 4G and a 4× slower CPU. The median of each score and metric is printed as a
Markdown table; the JSON reports are kept in bench/.work/lighthouse/.

Targets: 100 for accessibility, best practices and SEO, at least 95 for performance. The
command exits 1 when a median misses one, after naming the audits that cost points.

Environment: LIGHTHOUSE_RUNS (3), CHROMIUM_PATH (/usr/bin/chromium).
"""

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
NPM_DIR = PROJECT_DIR / "bench" / "lighthouse"
LIGHTHOUSE = NPM_DIR / "node_modules" / ".bin" / "lighthouse"
WORK_DIR = PROJECT_DIR / "bench" / ".work" / "lighthouse"
PYTHON = sys.executable

RUNS = int(os.environ.get("LIGHTHOUSE_RUNS", 3))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)
CATEGORIES = [
    ("performance", "Performance", 95),
    ("accessibility", "Accessibilité", 100),
    ("best-practices", "Bonnes pratiques", 100),
    ("seo", "SEO", 100),
]
METRICS = [
    ("largest-contentful-paint", "LCP", "ms"),
    ("total-blocking-time", "TBT", "ms"),
    ("cumulative-layout-shift", "CLS", ""),
]
# The page's addresses, read from the database the server uses.
PAGES_SCRIPT = """
import json
from django.urls import reverse
from news.models import NewsItem
news = NewsItem.objects.published().order_by("-pk").first()
print(json.dumps([
    ["Accueil", reverse("home")],
    ["Formation", reverse("programme:presentation")],
    ["Actualité", news.get_absolute_url() if news else None],
]))
"""


def log(message):
    sys.stderr.write(f"[lighthouse] {message}\n")
    sys.stderr.flush()


def say(line=""):
    sys.stdout.write(f"{line}\n")


def ensure_lighthouse():
    """npm ci in bench/lighthouse/ when Lighthouse is missing or not the pinned version."""
    wanted = json.loads((NPM_DIR / "package.json").read_text())["dependencies"]["lighthouse"]
    installed = NPM_DIR / "node_modules" / "lighthouse" / "package.json"
    if LIGHTHOUSE.exists() and json.loads(installed.read_text())["version"] == wanted:
        return
    if not shutil.which("npm"):
        raise SystemExit("npm est introuvable : installez Node.js (apt-get install -y npm).")
    log("installation de Lighthouse (npm ci, bench/lighthouse/)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=NPM_DIR, check=True)


def site_env():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DEBUG="False",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=f"sqlite:///{WORK_DIR / 'site.sqlite3'}",
        MEDIA_ROOT=str(WORK_DIR / "media"),
        PRIVATE_MEDIA_ROOT=str(WORK_DIR / "private-media"),
        STATIC_ROOT=str(WORK_DIR / "static"),
        PAGE_CACHE_SECONDS="600",
        # One cache for every gunicorn worker, as several servers share one in production:
        # the page warmed once is served from the cache by whichever worker answers
        # Lighthouse (with a per-process cache, each worker's first visitor waits for a
        # full render, about a second for /formation/ and its brochure).
        CACHE_URL=f"filecache://{WORK_DIR / 'cache'}",
        LOG_LEVEL="WARNING",
    )
    return env


def manage(*arguments, env):
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(arguments)} a échoué :\n{result.stderr}")
    return result.stdout


def prepare_site(env):
    for name in ("site.sqlite3", "media", "private-media", "static", "cache", "reports"):
        path = WORK_DIR / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    log("collectstatic, migrate, actualités de démonstration")
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("generate_demo_content", "--news=5", env=env)
    output = manage("shell", "--no-imports", "-v0", "-c", PAGES_SCRIPT, env=env)
    return json.loads(output.strip().splitlines()[-1])


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env):
    port = free_port()
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=PROJECT_DIR,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _attempt in range(100):
        try:
            urllib.request.urlopen(base + "/sante/", timeout=2).read()
            return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn ne démarre pas")


def lighthouse(url, output):
    """One Lighthouse run; tried again (twice at most) when Chromium's trace comes back
    unusable (NO_NAVSTART, NO_FCP now and then on a busy machine)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    for attempt in range(3):
        result = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True
        )
        if result.returncode == 0:
            report = json.loads(output.read_text())
            if not report.get("runtimeError"):
                return report
            error = report["runtimeError"].get("code")
        else:
            error = (result.stderr.strip().splitlines() or ["?"])[-1]
        log(f"essai raté ({error}), tentative {attempt + 2}/3" if attempt < 2 else error)
    raise SystemExit(f"Lighthouse échoue sur {url} : {error}")


def summarise(reports):
    """Median of each category's score (0–100) and of each metric over the runs."""
    summary = {}
    for key, _label, _target in CATEGORIES:
        scores = [report["categories"][key]["score"] for report in reports]
        summary[key] = round(100 * statistics.median(s or 0 for s in scores))
    for key, _label, _unit in METRICS:
        summary[key] = statistics.median(r["audits"][key]["numericValue"] for r in reports)
    return summary


def costly_audits(reports, category):
    """The audits of `category` that cost points in at least one run: {title: [scores]}."""
    found = {}
    for report in reports:
        audits = report["audits"]
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if not ref["weight"] or audit["score"] is None or audit["score"] >= 1:
                continue
            if category == "performance" and audit["score"] >= 0.9:
                continue
            found.setdefault(f"{ref['id']} ({audit['title']})", []).append(audit["score"])
    return found


def metric(value, unit):
    return f"{value:.0f} ms" if unit == "ms" else f"{value:.3f}"


def main():
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium est introuvable ({CHROMIUM}) : définissez CHROMIUM_PATH.")
    ensure_lighthouse()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env = site_env()
    pages = prepare_site(env)
    reports_dir = WORK_DIR / "reports"
    reports_dir.mkdir()
    process, base = start_gunicorn(env)
    results = []
    try:
        for label, path in pages:
            if path is None:
                raise SystemExit(f"{label} : aucune page à mesurer")
            url = base + path
            urllib.request.urlopen(url, timeout=10).read()  # the page cache is warm
            reports = []
            for run in range(1, RUNS + 1):
                slug = label.lower().replace("é", "e")
                report = lighthouse(url, reports_dir / f"{slug}-{run}.json")
                reports.append(report)
                scores = " ".join(
                    f"{round(100 * (report['categories'][key]['score'] or 0))}"
                    for key, _label, _target in CATEGORIES
                )
                log(f"{label} ({path}) essai {run}/{RUNS} : {scores}")
            results.append((label, path, reports, summarise(reports)))
    finally:
        process.terminate()
        process.wait(timeout=30)

    version = results[0][2][0]["lighthouseVersion"]
    date = results[0][2][0]["fetchTime"][:10]
    agent = results[0][2][0]["environment"]["hostUserAgent"]
    browser = re.search(r"Chrome/[\d.]+", agent).group(0).replace("Chrome/", "Chromium ")
    say(
        f"Lighthouse {version}, {browser}, réglages mobiles par défaut, médiane de {RUNS} "
        f"essais, {date}, {os.cpu_count()} cœurs"
    )
    say()
    say(
        "| page | URL | "
        + " | ".join(label for _key, label, _target in CATEGORIES)
        + " | "
        + " | ".join(label for _key, label, _unit in METRICS)
        + " |"
    )
    say("|---|---|" + "---:|" * (len(CATEGORIES) + len(METRICS)))
    missed = []
    for label, path, reports, summary in results:
        cells = [str(summary[key]) for key, _label, _target in CATEGORIES]
        cells += [metric(summary[key], unit) for key, _label, unit in METRICS]
        say(f"| {label} | `{path}` | " + " | ".join(cells) + " |")
        for key, category_label, target in CATEGORIES:
            if summary[key] < target:
                missed.append((label, category_label, summary[key], target, reports, key))
    say()
    say(f"Rapports JSON : {reports_dir.relative_to(PROJECT_DIR)}/")
    if not missed:
        say(
            "Objectifs atteints : 100 en accessibilité, bonnes pratiques et SEO, "
            "≥ 95 en performance."
        )
        return 0
    say("Objectifs manqués :")
    for label, category_label, score, target, reports, key in missed:
        say(f"- {label} : {category_label} {score} (objectif {target})")
        for title, scores in costly_audits(reports, key).items():
            shown = ", ".join(f"{score:.2f}" for score in scores)
            say(f"    - {title} : score {shown}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
