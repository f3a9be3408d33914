import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from backoffice.roles import SECRETARIAT, sync_roles


class Command(BaseCommand):
    help = (
        "Crée un compte d'équipe (membre du groupe « Secrétariat ») en demandant l'adresse "
        "e-mail et le mot de passe. Pour un compte informatique avec tous les droits : "
        "createsuperuser."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", help="Adresse e-mail (sinon demandée).")

    def handle(self, *args, email=None, **options):
        User = get_user_model()
        try:
            email = self.ask_email(User, email)
            password = self.ask_password(User(username=email, email=email))
        except (EOFError, KeyboardInterrupt) as interruption:
            raise CommandError("Création du compte annulée.") from interruption
        with transaction.atomic():
            sync_roles()
            user = User.objects.create_user(email, email=email, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=SECRETARIAT))
        self.stdout.write(
            self.style.SUCCESS(
                f"Compte créé pour {email}, membre du groupe « {SECRETARIAT} ». "
                "Connectez-vous à l'administration avec cette adresse et ce mot de passe."
            )
        )

    def ask_email(self, User, email):
        while True:
            if email is None:
                email = input("Adresse e-mail : ").strip().lower()
            try:
                validate_email(email)
            except ValidationError:
                self.stderr.write("Adresse e-mail invalide. Exemple : prenom.nom@univ-lorraine.fr")
            else:
                if not User.objects.filter(username__iexact=email).exists():
                    return email
                self.stderr.write(f"Un compte existe déjà pour {email}.")
            email = None

    def ask_password(self, user):
        while True:
            password = getpass.getpass("Mot de passe : ")
            confirmation = getpass.getpass("Mot de passe (encore une fois) : ")
            if password != confirmation:
                self.stderr.write("Les deux mots de passe ne sont pas identiques. Recommencez.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                for message in error.messages:
                    self.stderr.write(message)
                continue
            return password
