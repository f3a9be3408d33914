import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from backoffice.roles import SECRETARIAT, sync_roles

USERNAME = "secretariat-demo"


class Command(BaseCommand):
    help = (
        "Crée, en local seulement (DEBUG et SQLite), un compte de démonstration du groupe "
        "« Secrétariat » dont le mot de passe aléatoire est affiché une seule fois."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="L'adresse où le site sera servi (hôte:port), pour le lien d'administration.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG or connection.vendor != "sqlite":
            self.stdout.write("Compte de démonstration non créé (réservé au mode local).")
            return
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Compte de démonstration « {USERNAME} » déjà créé (mot de passe affiché "
                "lors de la première installation). Pour un compte à vous : make admin"
            )
            return
        password = secrets.token_urlsafe(12)
        # A secretariat member, not a superuser: the demo shows the admin staff really get.
        with transaction.atomic():
            sync_roles()
            user = User.objects.create_user(USERNAME, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=SECRETARIAT))
        self.stdout.write(
            self.style.SUCCESS(
                "\nCompte de démonstration du secrétariat créé — notez ce mot de passe, "
                "il ne sera plus affiché :\n"
                f"  identifiant : {USERNAME}\n  mot de passe : {password}\n"
                f"  administration : http://{options['address']}/{settings.ADMIN_PATH}\n"
            )
        )
