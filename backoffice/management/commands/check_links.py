from django.core.management.base import BaseCommand, CommandError

from backoffice.linkcheck import find_broken_links
from backoffice.models import LinkCheck


class Command(BaseCommand):
    help = (
        "Vérifie les liens internes écrits dans les textes du site (pages et documents) et "
        "liste ceux qui mènent à une page introuvable ou non publiée. Sort en erreur s'il y en a."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", help="Nom de domaine du site (par défaut : le premier d'ALLOWED_HOSTS)."
        )

    def handle(self, *args, host=None, **options):
        report = find_broken_links(host=host)
        # The admin home counts the broken links of the last check.
        LinkCheck.record(report)
        for link in report.broken:
            self.stdout.write(f"{link.source} — {link.field} : {link.href} ({link.reason})")
        summary = (
            f"{report.checked} lien(s) interne(s) vérifié(s), {len(report.broken)} à corriger."
        )
        if report.broken:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
