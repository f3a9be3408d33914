"""`make bench`: the site under load in its production configuration, against a bare Django
project served the same way in the same run (the floor, bench/floor/).

For each size (the demo size on SQLite; with BENCH_DATABASE_URL, the demo size and the large
one on PostgreSQL):
1. a fresh database filled by `generate_demo_content`;
2. bench/measure.py (Django's test client, page cache off): SQL queries of one render of
   every public page, the varied searches built from the content's words, the admin's lists
   and change forms signed in as a Secrétariat member (queries, unloaded p50);
3. three gunicorn servers with config/gunicorn.conf.py and the same worker count: the
   floor, the site with its page cache, the site without it (as after every edit, for
   signed-in staff, for searches with new words). Time from launch to the first answer;
4. rounds: in each, every system and page in turn (the order of the systems rotating from
   round to round, so that a noisy moment of the shared machine does not always fall on
   the same one): wrk under load (BENCH_CONNECTIONS connections), then wrk with one
   connection (the unloaded latency). Searches and 404s cycle through lists of different
   addresses (bench/paths.lua). Medians over rounds, and the spread of req/s;
5. RSS of every worker after the load, read in /proc.
Then the Markdown report (bench/report.py) on stdout and in bench/.work/report.md; the exit
status says whether every target of issue 17 is met.

Environment: BENCH_DURATION (seconds of load per page and round, 10), BENCH_UNLOADED (seconds
of single-connection requests, 3), BENCH_ROUNDS (3), BENCH_CONNECTIONS (16), BENCH_THREADS
(wrk threads, 2), BENCH_WORKERS (gunicorn workers of every server, 2), BENCH_SIZES (among
demo-sqlite, demo-pg, large-pg; all that apply by default), BENCH_DATABASE_URL (PostgreSQL:
its database name gets _demo/_large appended and is recreated), BENCH_QUICK=1 (while
developing: 2 s of load, 1 s unloaded, one round, demo size on SQLite unless BENCH_SIZES).
"""

import datetime
import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(PROJECT_DIR))

from bench import report  # noqa: E402
from bench.queries import not_found_paths, search_paths  # noqa: E402

WORK_DIR = BENCH_DIR / ".work"
FLOOR_DIR = BENCH_DIR / "floor"
PYTHON = sys.executable

DEMO = {"news": 30, "alumni": 30, "documents": 15, "sections": 8}
LARGE = {"news": 10_000, "alumni": 3_000, "documents": 1_000, "sections": 100}
PHONE_IMAGE_WIDTH = 720  # CSS pixels of a 360 px screen × device pixel ratio 2

QUICK = os.environ.get("BENCH_QUICK") == "1"
DURATION = int(os.environ.get("BENCH_DURATION", 2 if QUICK else 10))
UNLOADED = int(os.environ.get("BENCH_UNLOADED", 1 if QUICK else 3))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 1 if QUICK else 3))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 16))
THREADS = int(os.environ.get("BENCH_THREADS", 2))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))


def log(message):
    """Progress, on stderr."""
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S')}] {message}\n")
    sys.stderr.flush()


def size_runs():
    """(name, engine, counts, large) of every size to measure."""
    runs = [("demo-sqlite", "sqlite", DEMO, False)]
    if os.environ.get("BENCH_DATABASE_URL"):
        runs += [("demo-pg", "postgresql", DEMO, False), ("large-pg", "postgresql", LARGE, True)]
    default = "demo-sqlite" if QUICK else ",".join(name for name, *_rest in runs)
    wanted = os.environ.get("BENCH_SIZES", default).split(",")
    unknown = set(wanted) - {name for name, *_rest in runs}
    if unknown:
        raise SystemExit(
            f"BENCH_SIZES : {', '.join(sorted(unknown))} inconnu(s) "
            "(demo-sqlite, ou demo-pg et large-pg avec BENCH_DATABASE_URL)"
        )
    return [run for run in runs if run[0] in wanted]


def database_url(name, engine):
    if engine == "sqlite":
        return f"sqlite:///{WORK_DIR / f'{name}.sqlite3'}"
    parts = urllib.parse.urlsplit(os.environ["BENCH_DATABASE_URL"])
    suffix = name.split("-")[0]
    return urllib.parse.urlunsplit(parts._replace(path=f"{parts.path}_{suffix}"))


def base_env(name, engine):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DEBUG="False",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="False",
        DATABASE_URL=database_url(name, engine),
        MEDIA_ROOT=str(WORK_DIR / f"media-{name}"),
        PRIVATE_MEDIA_ROOT=str(WORK_DIR / f"private-{name}"),
        STATIC_ROOT=str(WORK_DIR / "static"),
        LOG_LEVEL="WARNING",
        WEB_CONCURRENCY=str(WORKERS),
    )
    return env


def fresh_database(url):
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


def fill(name, counts, env):
    fresh_database(env["DATABASE_URL"])
    shutil.rmtree(env["MEDIA_ROOT"], ignore_errors=True)
    shutil.rmtree(env["PRIVATE_MEDIA_ROOT"], ignore_errors=True)
    manage("migrate", "--noinput", env=env)
    supported = set(
        re.findall(r"--([a-z_]+) N", manage("generate_demo_content", "--help", env=env))
    )
    wanted = {key: count for key, count in counts.items() if key in supported}
    started = time.monotonic()
    manage("generate_demo_content", *[f"--{key}={count}" for key, count in wanted.items()], env=env)
    log(f"{name} : {wanted} générés en {time.monotonic() - started:.0f} s")
    return wanted


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """One gunicorn, launched with the site's own configuration file, and the time from its
    launch to its first successful answer."""

    def __init__(self, name, env, application, probe, pythonpath=None):
        self.name = name
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
        if pythonpath:
            env["PYTHONPATH"] = os.pathsep.join(pythonpath)
        started = time.monotonic()
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", application],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = started + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + probe, timeout=5) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise SystemExit(f"{name} ne démarre pas")
            time.sleep(0.02)
        self.first_response = time.monotonic() - started

    def workers_rss_mb(self):
        """Resident memory of each worker (the master's children), in MB."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        sizes = []
        for child in children:
            status = Path(f"/proc/{child}/status").read_text()
            match = re.search(r"VmRSS:\s+(\d+) kB", status)
            if match:
                sizes.append(int(match.group(1)) / 1024)
        return sizes

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def floor_server(env):
    floor_env = {
        "PATH": env["PATH"],
        "SECRET_KEY": env["SECRET_KEY"],
        "WEB_CONCURRENCY": str(WORKERS),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "floorsite.settings",
    }
    # The site's gunicorn configuration (its JSON access log comes from config/), the floor's
    # own Django project.
    return Server(
        "plancher",
        floor_env,
        "floorsite.wsgi",
        "/gabarit/",
        pythonpath=[str(FLOOR_DIR), str(PROJECT_DIR)],
    )


class AssetParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split():
            if "print" not in attrs.get("media", "all"):
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
    """The HTML plus every stylesheet, script and image a phone fetches for it
    (uncompressed bytes: an upper bound, static files are also served gzipped)."""
    parser = AssetParser()
    parser.feed(html)
    total = len(html.encode())
    for url in {asset for asset in parser.assets if asset and not asset.startswith("data:")}:
        with urllib.request.urlopen(urllib.parse.urljoin(base + "/", url), timeout=10) as answer:
            total += len(answer.read())
    return total


def latency(text):
    """wrk's latency ('812.00us', '3.21ms', '1.02s') in milliseconds."""
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def wrk(url, threads, connections, duration, paths_file=None, expect_404=False):
    arguments = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if paths_file:
        arguments += ["-s", str(BENCH_DIR / "paths.lua"), url, "--", str(paths_file)]
    else:
        arguments.append(url)
    output = subprocess.run(arguments, capture_output=True, text=True, check=True).stdout
    kinds = {kind: int(n) for kind, n in re.findall(r"(connect|read|write|timeout) (\d+)", output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    if non_2xx and not expect_404:
        kinds["HTTP non 2xx/3xx"] = int(non_2xx.group(1))
    if expect_404 and (not non_2xx or int(non_2xx.group(1)) != requests):
        kinds["pas 404"] = requests - (int(non_2xx.group(1)) if non_2xx else 0)
    if requests == 0:  # not one answer in the time given: no latency to speak of
        return {"rps": 0.0, "p50": None, "p99": None, "errors": 1, "error_kinds": {"aucune": 1}}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": latency(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "errors": sum(kinds.values()),
        "error_kinds": kinds,
    }


def load(base, path, paths_file=None, expect_404=False):
    """One round of one page: wrk under load, then one connection alone."""
    first = path if paths_file is None else Path(paths_file).read_text().split("\n", 1)[0]
    for _warm_up in range(2 * WORKERS):
        try:
            urllib.request.urlopen(base + first, timeout=30).read()
        except urllib.error.HTTPError as error:
            if not expect_404:
                raise
            error.read()
    loaded = wrk(base + path, THREADS, CONNECTIONS, DURATION, paths_file, expect_404)
    alone = wrk(base + path, 1, 1, UNLOADED, paths_file, expect_404)
    loaded["unloaded_p50"] = alone["p50"]
    loaded["errors"] += alone["errors"]
    return loaded


def run_size(name, engine, counts, large):
    env = base_env(name, engine)
    wanted = fill(name, counts, env)
    log(f"{name} : mesures par Django (requêtes SQL, administration)")
    output = WORK_DIR / f"{name}-measures.json"
    result = subprocess.run(
        [PYTHON, "bench/measure.py", str(output)],
        cwd=PROJECT_DIR,
        env={**env, "PAGE_CACHE_SECONDS": "0"},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench/measure.py a échoué :\n{result.stderr}")
    measured = json.loads(output.read_text())
    search_file = WORK_DIR / f"{name}-recherches.txt"
    not_found_file = WORK_DIR / f"{name}-404.txt"
    pages = measured["pages"]
    for page in pages:
        if page["kind"] == "search" and "missing" not in page:
            search_file.write_text("\n".join(search_paths(page["search_url"], measured["search"])))
    not_found_file.write_text("\n".join(not_found_paths()))

    floor = floor_server(env)
    cached = Server("site avec cache", {**env, "PAGE_CACHE_SECONDS": "600"}, "config.wsgi", "/")
    uncached = Server("site sans cache", {**env, "PAGE_CACHE_SECONDS": "0"}, "config.wsgi", "/")
    servers = [floor, cached, uncached]
    try:
        for page in pages:
            if "missing" not in page and page["kind"] in ("page", "search"):
                page["weight"] = page_weight(cached.base, page.pop("html"))
            page.pop("html", None)
        cases = {
            floor: [
                ("floor", "template", "/gabarit/", None, False),
                ("floor", "constant", "/constante/", None, False),
                ("floor", "not_found", "/", not_found_file, True),
            ],
            cached: [],
            uncached: [],
        }
        for index, page in enumerate(pages):
            if "missing" in page:
                continue
            kind = page["kind"]
            paths_file = {"search": search_file, "not_found": not_found_file}.get(kind)
            path = "/" if paths_file else page["url"]
            if kind != "not_found":
                cases[cached].append((index, "cached", path, paths_file, False))
            cases[uncached].append((index, "uncached", path, paths_file, kind == "not_found"))
        measures = {}
        for round_number in range(ROUNDS):
            log(f"{name} : tour {round_number + 1}/{ROUNDS}")
            order = servers[round_number % 3 :] + servers[: round_number % 3]
            for server in order:
                for key, mode, path, paths_file, expect_404 in cases[server]:
                    measures.setdefault((key, mode), []).append(
                        load(server.base, path, paths_file, expect_404)
                    )
        server_results = {
            server.name: {
                "rss_mb": server.workers_rss_mb(),
                "first_response": server.first_response,
            }
            for server in servers
        }
    finally:
        for server in servers:
            server.stop()
    floor_results = {
        mode: report.combine(measures[("floor", mode)])
        for mode in ("template", "constant", "not_found")
    }
    for index, page in enumerate(pages):
        for mode in ("cached", "uncached"):
            if (index, mode) in measures:
                page[mode] = report.combine(measures[(index, mode)])
    engine_label = "SQLite" if engine == "sqlite" else "PostgreSQL"
    size_label = "grande taille" if large else "taille de démonstration"
    return {
        "name": name,
        "engine": engine,
        "large": large,
        "title": f"{size_label.capitalize()}, {engine_label} : {wanted}",
        "floor": floor_results,
        "pages": pages,
        "admin": measured["admin"],
        "servers": server_results,
    }


def machine():
    model = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    load_average = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} cœur(s), {model.group(1) if model else platform.processor()} ; "
        f"charge moyenne au départ {load_average}"
    )


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk est introuvable : apt-get install -y wrk (ou make bench).")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    runs = size_runs()
    started = datetime.datetime.now(datetime.UTC)
    context = [
        f"{started:%Y-%m-%d %H:%M} UTC, {machine()}",
        f"Python {platform.python_version()}, gunicorn {WORKERS} workers synchrones par serveur "
        "(config/gunicorn.conf.py), cache de pages en mémoire locale de chaque worker",
        f"wrk : {CONNECTIONS} connexions, {THREADS} fils, {DURATION} s par page et par tour, "
        f"puis {UNLOADED} s sur une seule connexion (p50 à vide) ; {ROUNDS} tour(s), médianes",
    ]
    log("collectstatic")
    manage("collectstatic", "--noinput", "-v0", env=base_env(runs[0][0], runs[0][1]))
    results = []
    for run in runs:
        results.append(run_size(*run))
        # Written after every size: a long run that fails later keeps what it measured.
        lines, ok = report.report(results, context)
        text = "\n".join(lines) + "\n"
        (WORK_DIR / "report.md").write_text(text)
        (WORK_DIR / "results.json").write_text(json.dumps(results, indent=1))
    sys.stdout.write(text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
