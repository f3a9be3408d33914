from django.core.management.base import BaseCommand

from backoffice.roles import ROLES, sync_roles


class Command(BaseCommand):
    help = (
        "Met à jour les groupes « Secrétariat » et « Responsable pédagogique » avec exactement "
        "les droits calculés sur les contenus (aussi fait automatiquement après chaque migrate)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database, **options):
        sync_roles(database)
        self.stdout.write(self.style.SUCCESS("Groupes à jour : " + ", ".join(ROLES)))
