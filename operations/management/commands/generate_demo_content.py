from django.core.management.base import BaseCommand, CommandError

from core.registry import demo_generators
from core.search_document import fill_missing_search_documents
from operations import content_version
from operations.demo import demo_content_generate


class Command(BaseCommand):
    help = (
        "Crée du contenu de démonstration, listé comme tel (operations.DemoRecord), pour les "
        "mesures de performance. "
        "Jamais lancé par « make run ». Exemple : generate_demo_content --news 10000 --alumni 3000"
    )

    def add_arguments(self, parser):
        for key in sorted(demo_generators()):
            parser.add_argument(f"--{key}", type=int, default=0, metavar="N")

    def handle(self, *args, **options):
        generators = demo_generators()
        if not generators:
            raise CommandError("Aucune application ne fournit de contenu de démonstration.")
        for key in sorted(generators):
            count = options.get(key) or 0
            if count < 0:
                raise CommandError(f"--{key} doit être positif.")
            if count:
                created = demo_content_generate(key, count)
                self.stdout.write(f"{key} : {created} élément(s) de démonstration créé(s)")
        # Generators write in bulk (no save signals): the new records' search documents
        # are filled here, and pages cached by a running server must show the new content.
        fill_missing_search_documents()
        content_version.bump()
