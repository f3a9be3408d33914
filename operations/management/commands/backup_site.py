from django.conf import settings
from django.core.management.base import BaseCommand

from operations.backup import create_archive


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (export portable SQLite/PostgreSQL) et les fichiers envoyés "
        "dans une archive datée ipps-AAAAmmjj-HHMMSS.tar.gz."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BASE_DIR / "backups"),
            help="Dossier où écrire l'archive (par défaut : backups/).",
        )

    def handle(self, *args, output_dir, **options):
        path = create_archive(output_dir)
        self.stdout.write(f"Sauvegarde écrite : {path}")
