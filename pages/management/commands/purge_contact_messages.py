"""Delete contact messages older than a year, as the privacy page promises (run daily)."""

from django.core.management.base import BaseCommand

from pages.services import contact_messages_purge


class Command(BaseCommand):
    help = "Supprime les messages de contact reçus il y a plus d'un an (à lancer chaque jour)."

    def handle(self, *args, **options):
        deleted = contact_messages_purge()
        self.stdout.write(f"{deleted} message(s) de contact supprimé(s).")
