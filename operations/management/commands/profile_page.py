import cProfile
import io
import pstats
import re
import statistics
import time
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.template.base import Template
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings


@contextmanager
def template_timer(counts, durations):
    """Counts and times every template rendered, includes and parents of `{% extends %}`
    included: each entry's time contains the templates it renders."""
    original = Template._render

    def timed(template, context):
        started = time.perf_counter()
        try:
            return original(template, context)
        finally:
            name = template.origin.template_name if template.origin else None
            name = name or template.name or "(chaîne)"
            counts[name] += 1
            durations[name] += time.perf_counter() - started

    Template._render = timed
    try:
        yield
    finally:
        Template._render = original


def shape_of(sql):
    """A query with its values taken out, so that the same query with other values counts
    as one."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(\.\d+)?\b", "?", sql)
    return re.sub(r"\(\?(, \?)+\)", "(?, …)", sql)


class Command(BaseCommand):
    help = (
        "Profile une page comme le serveur la sert (middlewares compris) : temps par rendu, "
        "fonctions les plus coûteuses (cProfile), requêtes SQL, gabarits rendus. "
        "Exemple : profile_page /formation/ --cache off --repeat 20"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="adresse de la page, p. ex. /actualites/?page=2")
        parser.add_argument(
            "--cache",
            choices=["on", "off"],
            default="off",
            help="cache de pages (off par défaut : le rendu complet)",
        )
        parser.add_argument("--repeat", type=int, default=10, metavar="N")
        parser.add_argument("--top", type=int, default=25, metavar="N", help="fonctions listées")
        parser.add_argument(
            "--sort",
            choices=["cumulative", "tottime"],
            default="cumulative",
            help="cumulative : temps avec les appelées ; tottime : temps propre",
        )
        parser.add_argument(
            "--user",
            metavar="ADRESSE",
            help="se connecter avec ce compte (pages de l'administration)",
        )

    def handle(self, *args, **options):
        if options["repeat"] < 1:
            raise CommandError("--repeat doit valoir au moins 1.")
        seconds = settings.PAGE_CACHE_SECONDS or 600
        with override_settings(
            PAGE_CACHE_SECONDS=seconds if options["cache"] == "on" else 0,
            ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        ):
            self.profile(options)

    def profile(self, options):
        path, repeat = options["path"], options["repeat"]
        client = Client()
        if options["user"]:
            user = get_user_model().objects.filter(email=options["user"]).first()
            if user is None:
                raise CommandError(f"Aucun compte {options['user']}.")
            client.force_login(user)
        # The first request fills what a running server keeps between requests (site
        # identity, compiled templates, the page cache with --cache on): not measured.
        response = client.get(path, secure=True)
        self.stdout.write(
            f"{path} : statut {response.status_code}, {len(response.content)} octets, "
            f"cache de pages {options['cache']}, {repeat} rendu(s) mesuré(s)"
        )
        durations = []
        for _render in range(repeat):
            started = time.perf_counter()
            client.get(path, secure=True)
            durations.append((time.perf_counter() - started) * 1000)
        self.stdout.write(
            "\n== Temps par requête, sans profileur : "
            f"médiane {statistics.median(durations):.2f} ms, "
            f"min {min(durations):.2f} ms, max {max(durations):.2f} ms"
        )

        profiler = cProfile.Profile()
        template_counts, template_seconds = Counter(), defaultdict(float)
        with (
            CaptureQueriesContext(connection) as queries,
            template_timer(template_counts, template_seconds),
        ):
            profiler.enable()
            for _render in range(repeat):
                client.get(path, secure=True)
            profiler.disable()

        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.strip_dirs().sort_stats(options["sort"]).print_stats(options["top"])
        self.stdout.write(
            f"\n== Fonctions ({options['sort']}, sur {repeat} rendus, sous profileur)"
        )
        self.stdout.write(stream.getvalue().strip())

        shapes = Counter(shape_of(query["sql"]) for query in queries.captured_queries)
        total = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        self.stdout.write(
            f"\n== Requêtes SQL : {len(queries) / repeat:g} par rendu "
            f"({total / repeat:.2f} ms par rendu)"
        )
        for sql, count in shapes.most_common():
            self.stdout.write(f"{count / repeat:>5g} × {sql}")

        self.stdout.write(
            f"\n== Gabarits : {sum(template_counts.values()) / repeat:g} rendus par requête "
            "(temps inclusif : un gabarit compte ceux qu'il inclut)"
        )
        for name, count in sorted(
            template_counts.items(), key=lambda item: -template_seconds[item[0]]
        ):
            self.stdout.write(
                f"{count / repeat:>6g} × {template_seconds[name] / repeat * 1000:8.2f} ms  {name}"
            )
