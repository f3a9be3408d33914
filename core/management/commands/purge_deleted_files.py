from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.files import purge_trash, storages_with_trash


class Command(BaseCommand):
    help = (
        "Supprime définitivement les fichiers des contenus supprimés (documents) gardés en "
        "corbeille pour une restauration depuis l'historique, au-delà du délai de conservation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.DELETED_FILES_RETENTION_DAYS,
            help="Délai de conservation en jours (par défaut DELETED_FILES_RETENTION_DAYS).",
        )

    def handle(self, *args, days, **options):
        older_than = timezone.now() - timedelta(days=days)
        purged = sum(purge_trash(storage, older_than) for storage in storages_with_trash())
        self.stdout.write(f"{purged} fichier(s) supprimé(s) de la corbeille.")
