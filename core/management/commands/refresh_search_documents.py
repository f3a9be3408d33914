from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from core.search_document import kinds_with_search_document, refresh_search_documents


class Command(BaseCommand):
    help = (
        "Recalcule le document de recherche (PostgreSQL) ou l'index FTS5 (SQLite) de chaque "
        "type de contenu cherché : "
        "après une écriture en masse faite sans passer par l'enregistrement habituel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        if connections[database].vendor not in {"postgresql", "sqlite"}:
            self.stdout.write("Rien à faire : seules PostgreSQL et SQLite indexent la recherche.")
            return
        for kind in kinds_with_search_document():
            with transaction.atomic(using=database):
                count = refresh_search_documents(kind, using=database)
            self.stdout.write(f"{kind.key} : {count} document(s) de recherche recalculé(s)")
