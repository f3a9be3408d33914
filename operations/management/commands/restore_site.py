from django.core.management.base import BaseCommand, CommandError

from operations.backup import restore_archive


class Command(BaseCommand):
    help = (
        "Restaure une archive de backup_site dans une base migrée : le contenu actuel de la "
        "base et les fichiers envoyés sont REMPLACÉS par ceux de l'archive."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l'archive ipps-….tar.gz")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ne pas demander de confirmation.",
        )

    def handle(self, *args, archive, interactive, **options):
        if interactive:
            answer = input(
                "Le contenu actuel du site sera remplacé par celui de l'archive. "
                "Tapez « oui » pour continuer : "
            )
            if answer.strip().lower() != "oui":
                raise CommandError("Restauration annulée.")
        try:
            objects, files = restore_archive(archive)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restauré : {objects} objet(s) en base, {files} fichier(s).")
