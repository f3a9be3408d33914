"""What `make bench` concludes from its measures: medians over rounds, ratios to the floor,
targets met or not, the Markdown tables. Pure Python (no Django, no server) so that the
suite checks it without timing anything.

A measure ("stats") is what wrk gave for one page on one server in one round:
{"rps", "p50", "p99", "unloaded_p50", "errors"}; `combine` folds the rounds into medians.
"""

import statistics

# The targets (issue 17), each a ratio measured in the same run. Varied searches
# are measured with the page cache too, without a target: a search with new words is
# rendered whatever the cache, which is the target measured without it.
RENDERED_VS_TEMPLATE = 0.4  # a page rendered without the page cache ÷ floor's template view
CACHED_VS_CONSTANT = 0.6  # a page from the page cache ÷ floor's constant view
SEARCH_VS_TEMPLATE = 0.25  # searches over varied queries ÷ floor's template view
SEARCH_UNLOADED_P50_MS = 15.0  # at the large size
NOT_FOUND_VS_DJANGO = 0.5  # the site's 404 ÷ Django's own 404
ADMIN_UNLOADED_P50_MS = 100.0  # at the large size
WORKER_RSS_MB = 120.0
FIRST_RESPONSE_S = 3.0
HOME_WEIGHT_LIMIT = 100 * 1024


def combine(rounds):
    """Medians over rounds, and the spread of the throughput ((max − min) ÷ median)."""
    if not rounds:
        return None
    rps = [run["rps"] for run in rounds]
    median_rps = statistics.median(rps)
    combined = {"rps": median_rps}
    for key in ("p50", "p99", "unloaded_p50"):
        # A round with no answer in its time has no latency: the others speak.
        values = [run[key] for run in rounds if run.get(key) is not None]
        combined[key] = statistics.median(values) if values else None
    combined["errors"] = sum(run["errors"] for run in rounds)
    combined["spread"] = (max(rps) - min(rps)) / median_rps if median_rps else 0.0
    combined["rounds"] = len(rounds)
    return combined


def ratio(stats, reference):
    if not stats or not reference or not reference["rps"]:
        return None
    return stats["rps"] / reference["rps"]


def kb(size):
    return f"{size / 1024:.1f}"


def number(value, digits=1):
    return "—" if value is None else f"{value:.{digits}f}"


def percent(value):
    return "—" if value is None else f"{value:.0%}"


def mark(ok):
    return "✅" if ok else "❌"


def stats_cells(stats, floor):
    """req/s, p50, p99, unloaded p50, ratio to the template view, ratio to the constant
    view, spread, errors."""
    if stats is None:
        return ["—"] * 8
    return [
        f"{stats['rps']:.0f}",
        number(stats["p50"]),
        number(stats["p99"]),
        number(stats["unloaded_p50"]),
        number(ratio(stats, floor.get("template")), 2),
        number(ratio(stats, floor.get("constant")), 2),
        percent(stats["spread"]),
        str(stats["errors"]),
    ]


STATS_HEADER = (
    "req/s | p50 (ms) | p99 (ms) | p50 à vide (ms) | ÷ gabarit | ÷ constante | écart | erreurs"
)


def size_tables(run):
    """The Markdown tables of one size (a run: floor, pages, not_found, admin, servers)."""
    floor = run["floor"]
    lines = [f"#### {run['title']}", ""]
    lines += [
        "Plancher (projet Django nu, même gunicorn) :",
        "",
        f"| vue | {STATS_HEADER} |",
        "|---|" + "---:|" * 8,
    ]
    for key, label in (
        ("template", "gabarit 5,5 Ko"),
        ("constant", "réponse constante"),
        ("not_found", "404 de Django"),
    ):
        lines.append(f"| {label} | " + " | ".join(stats_cells(floor.get(key), floor)) + " |")
    for mode, title in (
        ("cached", "avec le cache de pages"),
        ("uncached", "sans le cache de pages"),
    ):
        lines += [
            "",
            f"Pages publiques, {title} :",
            "",
            f"| page | URL | requêtes SQL | HTML (Ko) | poids (Ko) | {STATS_HEADER} |",
            "|---|---|" + "---:|" * 11,
        ]
        for page in run["pages"]:
            if page.get(mode) is None and page.get("kind") == "not_found":
                continue  # a 404 is never cached
            if "missing" in page:
                lines.append(f"| {page['label']} | — | absente ({page['missing']}) |" + " |" * 10)
                continue
            weight = kb(page["weight"]) if page.get("weight") else "—"
            html = kb(page["html_bytes"]) if page.get("html_bytes") else "—"
            lines.append(
                f"| {page['label']} | `{page['url']}` | {page['queries']} | {html} | {weight} | "
                + " | ".join(stats_cells(page.get(mode), floor))
                + " |"
            )
    if run.get("admin"):
        lines += [
            "",
            "Administration (membre du Secrétariat connecté, sans charge) :",
            "",
            "| page | URL | requêtes SQL | p50 à vide (ms) |",
            "|---|---|---:|---:|",
        ]
        for page in run["admin"]:
            lines.append(
                f"| {page['label']} | `{page['url']}` | {page['queries']} | "
                f"{number(page['unloaded_p50'])} |"
            )
    servers = run.get("servers", {})
    if servers:
        lines += ["", "| serveur | RSS par worker après la charge (Mo) | première réponse (s) |"]
        lines.append("|---|---:|---:|")
        for name, server in servers.items():
            rss = ", ".join(f"{value:.0f}" for value in server["rss_mb"]) or "—"
            lines.append(f"| {name} | {rss} | {server['first_response']:.2f} |")
    return lines


def checks(runs):
    """(met, text) for every target of the issue, over every size run."""
    found = []

    def check(ok, text):
        found.append((bool(ok), text))

    for run in runs:
        name = run["name"]
        large = run["large"]
        floor = run["floor"]
        for page in run["pages"]:
            if "missing" in page:
                check(False, f"[{name}] {page['label']} : page absente ({page['missing']})")
                continue
            kind = page.get("kind", "page")
            uncached = ratio(page.get("uncached"), floor.get("template"))
            cached = ratio(page.get("cached"), floor.get("constant"))
            if kind == "page":
                check(
                    uncached is not None and uncached >= RENDERED_VS_TEMPLATE,
                    f"[{name}] {page['label']} sans cache : {number(uncached, 2)} du gabarit "
                    f"(≥ {RENDERED_VS_TEMPLATE})",
                )
            if kind == "page":
                check(
                    cached is not None and cached >= CACHED_VS_CONSTANT,
                    f"[{name}] {page['label']} en cache : {number(cached, 2)} de la réponse "
                    f"constante (≥ {CACHED_VS_CONSTANT})",
                )
            if kind == "search":
                check(
                    uncached is not None and uncached >= SEARCH_VS_TEMPLATE,
                    f"[{name}] recherche ({page.get('distinct', '?')} requêtes différentes) "
                    f"sans cache : {number(uncached, 2)} du gabarit (≥ {SEARCH_VS_TEMPLATE})",
                )
                if large:
                    p50 = (page.get("uncached") or {}).get("unloaded_p50")
                    check(
                        p50 is not None and p50 <= SEARCH_UNLOADED_P50_MS,
                        f"[{name}] recherche : p50 à vide {number(p50)} ms "
                        f"(≤ {SEARCH_UNLOADED_P50_MS:.0f} ms)",
                    )
            if kind == "not_found":
                versus = ratio(page.get("uncached"), floor.get("not_found"))
                check(
                    versus is not None and versus >= NOT_FOUND_VS_DJANGO,
                    f"[{name}] page 404 : {number(versus, 2)} de la 404 de Django "
                    f"(≥ {NOT_FOUND_VS_DJANGO})",
                )
            if page.get("url_name") == "home" and page.get("weight"):
                check(
                    page["weight"] < HOME_WEIGHT_LIMIT,
                    f"[{name}] {page['label']} : {kb(page['weight'])} Ko avec ses ressources "
                    "(< 100 Ko)",
                )
            errors = sum((page.get(mode) or {}).get("errors", 0) for mode in ("cached", "uncached"))
            if errors:
                check(False, f"[{name}] {page['label']} : {errors} erreur(s) sous charge")
        if large:
            for page in run.get("admin", []):
                check(
                    page["unloaded_p50"] is not None
                    and page["unloaded_p50"] <= ADMIN_UNLOADED_P50_MS,
                    f"[{name}] admin {page['label']} : p50 à vide {number(page['unloaded_p50'])} "
                    f"ms (≤ {ADMIN_UNLOADED_P50_MS:.0f} ms)",
                )
        for server_name, server in run.get("servers", {}).items():
            worst = max(server["rss_mb"], default=None)
            check(
                worst is not None and worst <= WORKER_RSS_MB,
                f"[{name}] {server_name} : {number(worst, 0)} Mo RSS au plus par worker "
                f"(≤ {WORKER_RSS_MB:.0f} Mo)",
            )
            check(
                server["first_response"] <= FIRST_RESPONSE_S,
                f"[{name}] {server_name} : première réponse {server['first_response']:.2f} s "
                f"après le lancement (≤ {FIRST_RESPONSE_S:.0f} s)",
            )
    found += constant_query_checks(runs)
    return found


def constant_query_checks(runs):
    """The same number of SQL queries at the demo and the large size, on the same database
    engine: for every public page and every admin page."""
    found = []
    by_engine = {}
    for run in runs:
        by_engine.setdefault(run["engine"], []).append(run)
    for engine, same_engine in by_engine.items():
        small = [run for run in same_engine if not run["large"]]
        large = [run for run in same_engine if run["large"]]
        if not small or not large:
            continue
        small, large = small[0], large[0]
        for section in ("pages", "admin"):
            small_counts = {
                page["label"]: page["queries"]
                for page in small.get(section, [])
                if "missing" not in page
            }
            for page in large.get(section, []):
                if "missing" in page or page["label"] not in small_counts:
                    continue
                before = small_counts[page["label"]]
                where = "admin " if section == "admin" else ""
                found.append(
                    (
                        before == page["queries"],
                        f"[{engine}] {where}{page['label']} : {before} requêtes SQL à la "
                        f"taille de démonstration, {page['queries']} à la grande",
                    )
                )
    return found


def report(runs, context):
    """The whole Markdown report, and whether every target is met."""
    lines = ["## Mesures", ""]
    lines += [f"- {line}" for line in context]
    for run in runs:
        lines += [""] + size_tables(run)
    found = checks(runs)
    lines += ["", "### Objectifs", ""]
    lines += [f"- {mark(ok)} {text}" for ok, text in found]
    met = sum(ok for ok, _text in found)
    lines += ["", f"{met} objectif(s) atteint(s) sur {len(found)}."]
    return lines, bool(found) and all(ok for ok, _text in found)
