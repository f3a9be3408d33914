import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from backoffice.management.commands import create_local_staff
from backoffice.roles import SECRETARIAT

pytestmark = pytest.mark.django_db


@pytest.fixture
def terminal(monkeypatch):
    """What the person types: answers to input() and to the hidden password prompts."""

    def answers(values):
        values = iter(values)

        def answer(prompt):
            try:
                return next(values)
            except StopIteration:
                raise EOFError from None  # the person closed the terminal (Ctrl+D)

        return answer

    def feed(emails, passwords):
        monkeypatch.setattr("builtins.input", answers(emails))
        monkeypatch.setattr("getpass.getpass", answers(passwords))

    return feed


def test_createstaff_creates_a_secretariat_member_not_a_superuser(
    terminal, django_user_model, capsys
):
    terminal(["Marie.Dupont@univ-lorraine.fr"], ["Soutenance-juin-2026", "Soutenance-juin-2026"])
    call_command("createstaff")
    user = django_user_model.objects.get()
    assert user.username == "marie.dupont@univ-lorraine.fr" == user.email
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [SECRETARIAT]
    assert user.check_password("Soutenance-juin-2026")
    assert "membre du groupe « Secrétariat »" in capsys.readouterr().out


def test_createstaff_asks_again_after_bad_answers_with_french_messages(
    terminal, django_user_model, capsys
):
    terminal(
        ["pas-une-adresse", "marie@univ-lorraine.fr"],
        ["un", "deux", "12345678", "12345678", "Soutenance-juin-2026", "Soutenance-juin-2026"],
    )
    call_command("createstaff")
    errors = capsys.readouterr().err
    assert "Adresse e-mail invalide" in errors
    assert "Les deux mots de passe ne sont pas identiques" in errors
    assert "Ce mot de passe est entièrement numérique." in errors
    assert django_user_model.objects.get().check_password("Soutenance-juin-2026")


def test_createstaff_refuses_an_existing_address(terminal, django_user_model, capsys):
    django_user_model.objects.create_user("marie@univ-lorraine.fr")
    terminal(["marie@univ-lorraine.fr"], [])
    with pytest.raises(CommandError, match="annulée"):
        call_command("createstaff")
    assert "Un compte existe déjà" in capsys.readouterr().err
    assert django_user_model.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="compte local : SQLite seulement")
def test_local_demo_account_is_a_secretariat_member(settings, django_user_model, capsys):
    settings.DEBUG = True
    call_command("create_local_staff")
    user = django_user_model.objects.get(username=create_local_staff.USERNAME)
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name=SECRETARIAT).exists()
    assert "mot de passe" in capsys.readouterr().out
    assert Group.objects.filter(name=SECRETARIAT).count() == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="compte local : SQLite seulement")
def test_local_demo_account_prints_the_address_really_served(settings, capsys):
    """`make run PORT=8101` passes its address: the admin link printed is that one."""
    settings.DEBUG = True
    call_command("create_local_staff", address="127.0.0.1:8101")
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:8101/{settings.ADMIN_PATH}" in out
    assert ":8000" not in out
