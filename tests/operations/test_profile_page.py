"""`manage.py profile_page`: what a page costs, read from one command (README « Performances »)."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.template.base import Template
from django.urls import reverse

from operations.management.commands.profile_page import shape_of
from tests.staff import SECRETARIAT_EMAIL


def profile(*arguments):
    out = StringIO()
    call_command("profile_page", *arguments, stdout=out)
    return out.getvalue()


def test_profiles_a_rendered_page_with_its_functions_queries_and_templates(site_content, settings):
    settings.PAGE_CACHE_SECONDS = 600
    render = Template._render
    output = profile("/formation/", "--repeat", "2", "--top", "5")
    assert output.startswith("/formation/ : statut 200, ")
    assert "cache de pages off, 2 rendu(s) mesuré(s)" in output
    assert "== Temps par requête, sans profileur : médiane " in output
    assert "Ordered by: cumulative time" in output
    queries = re.search(r"== Requêtes SQL : (\d+) par rendu", output)
    assert queries and int(queries.group(1)) > 0
    templates = re.search(r"== Gabarits : (\d+) rendus par requête", output)
    assert templates and int(templates.group(1)) > 1
    assert re.search(r"\d+ × +[\d.]+ ms  base\.html", output)
    # The template engine is given back as it was.
    assert Template._render is render


def test_with_the_page_cache_the_second_request_runs_no_template(site_content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    output = profile("/formation/", "--cache", "on", "--repeat", "2")
    assert "cache de pages on" in output
    assert "== Gabarits : 0 rendus par requête" in output


def test_profiles_an_admin_page_signed_in(secretariat_user):
    admin_home = reverse("admin:index")
    output = profile(admin_home, "--user", SECRETARIAT_EMAIL, "--repeat", "1")
    assert output.startswith(f"{admin_home} : statut 200")
    with pytest.raises(CommandError, match="Aucun compte"):
        profile(admin_home, "--user", "personne@example.org")
    with pytest.raises(CommandError, match="au moins 1"):
        profile("/", "--repeat", "0")


def test_queries_differing_only_by_their_values_count_as_one_shape():
    assert shape_of("SELECT a FROM t WHERE id = 12 AND name = 'x''y'") == (
        "SELECT a FROM t WHERE id = ? AND name = ?"
    )
    assert shape_of("SELECT a FROM t WHERE id IN (1, 2, 3)") == "SELECT a FROM t WHERE id IN (?, …)"
