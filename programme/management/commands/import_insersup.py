from datetime import UTC, date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programme.insersup import Filters, InsersupError, default_filters, insersup_import


def iso_date(value):
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"Date « {value} » non reconnue : écrivez-la sous la forme AAAA-MM-JJ."
        ) from error


class Command(BaseCommand):
    help = (
        "Importe les chiffres officiels d'insertion (InserSup, ministère de l'Enseignement "
        "supérieur) depuis le fichier CSV téléchargé sur data.enseignementsup-recherche.gouv.fr. "
        "Garde les lignes de l'établissement, du diplôme et de la discipline demandés ; "
        "réimporter un fichier met à jour les chiffres au lieu de les dupliquer."
    )

    def add_arguments(self, parser):
        defaults = default_filters()
        parser.add_argument("file", metavar="FICHIER.csv", help="Le fichier CSV d'InserSup.")
        parser.add_argument(
            "--uai",
            default=defaults["uai"],
            help="Code UAI de l'établissement (défaut : réglage INSERSUP_UAI, %(default)s).",
        )
        parser.add_argument(
            "--diplome",
            dest="degree",
            default=defaults["degree"],
            help="Texte contenu dans le type de diplôme (défaut : INSERSUP_DEGREE, %(default)s).",
        )
        parser.add_argument(
            "--discipline",
            default=defaults["discipline"],
            help=(
                "Texte contenu dans la discipline, le secteur disciplinaire ou la mention "
                "(défaut : réglage INSERSUP_DISCIPLINE)."
            ),
        )
        parser.add_argument(
            "--date",
            type=iso_date,
            help="Date du fichier, AAAA-MM-JJ (défaut : date de modification du fichier).",
        )

    def handle(self, *args, file, uai, degree, discipline, date=None, **options):
        if not discipline.strip():
            raise CommandError(
                "Précisez la discipline : --discipline « … » (ou le réglage INSERSUP_DISCIPLINE)."
            )
        path = Path(file)
        try:
            data = path.read_bytes()
            modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        except OSError as error:
            raise CommandError(f"Impossible de lire « {file} » : {error.strerror}.") from error
        try:
            report = insersup_import(
                data,
                filters=Filters(uai=uai, degree=degree, discipline=discipline),
                file_date=date or timezone.localdate(modified),
                file_name=path.name,
            )
        except InsersupError as error:
            raise CommandError(f"{error} Rien n'a été importé.") from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
