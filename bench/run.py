"""`make bench`: the site under load, in its production configuration, at two sizes.

For each size: a fresh database filled by `generate_demo_content`, then
- with Django's test client (bench/measure.py): SQL queries of one page render (page cache
  off) and the HTML;
- gunicorn started as in production (config/gunicorn.conf.py, DEBUG off, page cache on),
  driven by wrk from another process: requests/s, p50 and p99 latency, errors, for each page
  and for /sante/ in the same run, whose throughput is the reference;
- the page's total weight: its HTML plus every stylesheet, script and image it references,
  as a phone would fetch them: for an image with `srcset`, the smallest candidate at least
  720 px wide (a 360 px wide screen at density 2), else the largest; lazy images counted
  too. Sizes are uncompressed bytes (an upper bound: static files are also served gzipped).

Environment: BENCH_DURATION (seconds per page, 30), BENCH_CONNECTIONS (64), BENCH_THREADS
(wrk threads, 2), WEB_CONCURRENCY (gunicorn workers, 2 per core), BENCH_SIZES (small,large),
BENCH_DATABASE_URL (a PostgreSQL URL whose database name gets _small/_large appended and is
recreated; SQLite files in bench/.work/ by default).
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = PROJECT_DIR / "bench" / ".work"
PYTHON = sys.executable

# What each size asks of the demo generators; keys no registered generator supports are
# left out (and said so).
SIZES = {
    "small": {"news": 30, "alumni": 30, "documents": 15, "sections": 8},
    "large": {"news": 10_000, "alumni": 3_000, "documents": 1_000, "sections": 100},
}
PHONE_IMAGE_WIDTH = 720  # CSS pixels of a 360 px screen × device pixel ratio 2
HOME_WEIGHT_LIMIT = 100 * 1024
THROUGHPUT_RATIO_TARGET = 0.5

DURATION = int(os.environ.get("BENCH_DURATION", 30))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 64))
THREADS = int(os.environ.get("BENCH_THREADS", 2))


def log(message):
    """Progress, on stderr."""
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def say(line):
    """The report, on stdout (Markdown)."""
    sys.stdout.write(f"{line}\n")


def base_env(size):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DEBUG="False",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=database_url(size),
        MEDIA_ROOT=str(WORK_DIR / f"media-{size}"),
        PRIVATE_MEDIA_ROOT=str(WORK_DIR / f"private-{size}"),
        STATIC_ROOT=str(WORK_DIR / "static"),
        LOG_LEVEL="WARNING",
    )
    return env


def database_url(size):
    base = os.environ.get("BENCH_DATABASE_URL")
    if not base:
        return f"sqlite:///{WORK_DIR / f'{size}.sqlite3'}"
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


def fresh_database(size):
    url = database_url(size)
    if url.startswith("sqlite:"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg2  # the project's PostgreSQL driver

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def manage(*arguments, env):
    result = subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(arguments)} a échoué :\n{result.stderr}")
    return result.stdout


def supported_demo_keys(env):
    """The --<key> N options of generate_demo_content, i.e. the registered generators."""
    return set(re.findall(r"--([a-z_]+) N", manage("generate_demo_content", "--help", env=env)))


def fill(size, env):
    fresh_database(size)
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    shutil.rmtree(env["PRIVATE_MEDIA_ROOT"], ignore_errors=True)
    manage("migrate", "--noinput", env=env)
    supported = supported_demo_keys(env)
    asked = SIZES[size]
    wanted = {key: count for key, count in asked.items() if key in supported}
    skipped = sorted(set(asked) - supported)
    if wanted:
        arguments = [f"--{key}={count}" for key, count in wanted.items()]
        started = time.monotonic()
        manage("generate_demo_content", *arguments, env=env)
        log(f"{size} : {wanted} générés en {time.monotonic() - started:.0f} s")
    return wanted, skipped


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "PAGE_CACHE_SECONDS": "600"}
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=PROJECT_DIR,
        env=env,
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


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            if attrs.get("media", "all") in ("all", "screen") or "print" not in attrs.get(
                "media", ""
            ):
                self.assets.append(attrs.get("href"))
        elif tag == "script" and attrs.get("src"):
            self.assets.append(attrs["src"])
        elif tag == "img":
            self.assets.append(phone_image(attrs))


def phone_image(attrs):
    candidates = []
    for candidate in (attrs.get("srcset") or "").split(","):
        parts = candidate.split()
        if len(parts) == 2 and parts[1].endswith("w"):
            candidates.append((int(parts[1][:-1]), parts[0]))
    if not candidates:
        return attrs.get("src")
    wide_enough = sorted(c for c in candidates if c[0] >= PHONE_IMAGE_WIDTH)
    return (wide_enough[0] if wide_enough else max(candidates))[1]


def page_weight(base, html):
    parser = AssetParser()
    parser.feed(html)
    total = len(html.encode())
    for url in {asset for asset in parser.assets if asset and not asset.startswith("data:")}:
        with urllib.request.urlopen(urllib.parse.urljoin(base + "/", url), timeout=10) as answer:
            total += len(answer.read())
    return total


def wrk(url):
    for _warm_up in range(3):
        urllib.request.urlopen(url, timeout=10).read()
    result = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout
    # Socket errors by kind (a timeout is an answer slower than wrk's 2 s), then non-2xx/3xx.
    kinds = {kind: int(n) for kind, n in re.findall(r"(connect|read|write|timeout) (\d+)", output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        kinds["HTTP non 2xx/3xx"] = int(non_2xx.group(1))
    kinds = {kind: n for kind, n in kinds.items() if n}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": latency(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "errors": sum(kinds.values()),
        "error_kinds": kinds,
    }


def latency(text):
    """wrk's latency ('812.00us', '3.21ms', '1.02s') in milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def run_size(size):
    env = base_env(size)
    wanted, skipped = fill(size, env)
    measured = json.loads(
        subprocess.run(
            [PYTHON, "bench/measure.py"],
            cwd=PROJECT_DIR,
            env={**env, "PAGE_CACHE_SECONDS": "0"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    process, base = start_gunicorn(env)
    try:
        first_health = wrk(base + "/sante/")
        for page in measured:
            if "missing" in page or page["url_name"] == "health":
                continue
            page["weight"] = page_weight(base, page["html"])
            page.update(wrk(base + page["url"]))
            log(f"{size} : {page['label']} {page['rps']:.0f} req/s")
        last_health = wrk(base + "/sante/")
    finally:
        process.terminate()
        process.wait(timeout=30)
    # /sante/ measured before and after the pages: the better of the two is the reference
    # (the stricter one for the ratios), errors of both counted.
    health = max(first_health, last_health, key=lambda run: run["rps"])
    kinds = dict(first_health["error_kinds"])
    for kind, n in last_health["error_kinds"].items():
        kinds[kind] = kinds.get(kind, 0) + n
    health = {**health, "errors": sum(kinds.values()), "error_kinds": kinds}
    log(f"{size} : /sante/ {first_health['rps']:.0f} puis {last_health['rps']:.0f} req/s")
    for page in measured:
        if page["url_name"] == "health":
            page.update(health, weight=len(page["html"].encode()))
    return {"generated": wanted, "skipped": skipped, "pages": measured, "health": health}


def describe(error_kinds):
    return ", ".join(f"{kind} : {n}" for kind, n in error_kinds.items())


def kb(n):
    return f"{n / 1024:.1f}"


def print_report(results):
    sizes = list(results)
    say(
        f"\nwrk : {CONNECTIONS} connexions, {THREADS} fils, {DURATION} s par page ; "
        f"gunicorn : {os.environ.get('WEB_CONCURRENCY', 2 * (os.cpu_count() or 1))} workers ; "
        f"{os.cpu_count()} cœurs partagés entre wrk et le serveur."
    )
    say(
        "Requêtes SQL : un rendu complet de la page, cache de pages coupé (servie depuis le "
        "cache, une page en fait une seule : la version du contenu). Débit et latences : "
        "cache de pages actif, comme en production."
    )
    for size in sizes:
        result = results[size]
        say(f"\n### Taille « {size} » : {result['generated'] or 'aucun contenu de démonstration'}")
        if result["skipped"]:
            say(
                f"(options non fournies par generate_demo_content : {', '.join(result['skipped'])})"
            )
        say(
            "| page | URL | requêtes SQL | HTML (Ko) | poids total (Ko) | req/s | p50 (ms) "
            "| p99 (ms) | ratio /sante/ | erreurs |"
        )
        say("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        health_rps = result["health"]["rps"]
        for page in result["pages"]:
            if "missing" in page:
                say(f"| {page['label']} | — | page absente ({page['missing']}) |" + " |" * 7)
                continue
            say(
                f"| {page['label']} | `{page['url']}` | {page['queries']} | "
                f"{kb(len(page['html'].encode()))} | {kb(page['weight'])} | {page['rps']:.0f} | "
                f"{page['p50']:.1f} | {page['p99']:.1f} | {page['rps'] / health_rps:.2f} | "
                f"{page['errors']} |"
            )
    say("\n### Objectifs")
    checks = []
    if len(sizes) == 2:
        small, large = (
            {p["label"]: p for p in results[s]["pages"] if "missing" not in p} for s in sizes
        )
        for label in small:
            if label in large:
                same = small[label]["queries"] == large[label]["queries"]
                checks.append(
                    (
                        same,
                        f"{label} : {small[label]['queries']} requêtes SQL à la petite taille, "
                        f"{large[label]['queries']} à la grande",
                    )
                )
    for size in sizes:
        pages = [p for p in results[size]["pages"] if "missing" not in p]
        health_rps = results[size]["health"]["rps"]
        for page in pages:
            if page["url_name"] != "health":
                ratio = page["rps"] / health_rps
                checks.append(
                    (
                        ratio >= THROUGHPUT_RATIO_TARGET,
                        f"[{size}] {page['label']} : {ratio:.0%} du débit de /sante/ (≥ 50 %)",
                    )
                )
            checks.append(
                (
                    page["errors"] == 0,
                    f"[{size}] {page['label']} : {page['errors']} erreur(s) à {CONNECTIONS} "
                    f"connexions pendant {DURATION} s"
                    + (f" ({describe(page['error_kinds'])})" if page["errors"] else ""),
                )
            )
            if page["url_name"] == "home":
                checks.append(
                    (
                        page["weight"] < HOME_WEIGHT_LIMIT,
                        f"[{size}] accueil : {kb(page['weight'])} Ko avec ses ressources "
                        "(< 100 Ko)",
                    )
                )
    for ok, text in checks:
        say(f"- {'✅' if ok else '❌'} {text}")
    if DURATION < 30 or CONNECTIONS < 64:
        say(
            f"- ⚠️ mesure courte ({DURATION} s, {CONNECTIONS} connexions) : "
            "l'objectif est 64 connexions pendant 30 s"
        )
    return all(ok for ok, _text in checks)


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk est introuvable : apt-get install -y wrk (ou make bench).")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env = base_env("small")
    log("collectstatic")
    manage("collectstatic", "--noinput", "-v0", env=env)
    sizes = os.environ.get("BENCH_SIZES", "small,large").split(",")
    results = {size: run_size(size) for size in sizes}
    ok = print_report(results)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
