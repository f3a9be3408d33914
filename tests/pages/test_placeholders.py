"""« À compléter » never reaches a visitor: unknown facts are left out of the fixed pages'
initial text, listed for the secretariat in the admin, and any block still marked is
dropped from the public render."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from core.richtext import without_placeholders
from pages.initial_content import PENDING_FACTS
from pages.models import Page
from pages.navigation import FOOTER, NAVIGATION, build_navigation
from tests.html import parse_html, text_of

placeholders_migration = importlib.import_module(
    "pages.migrations.0002_map_description_and_placeholders"
)


def public_paths():
    paths = []
    for link in build_navigation(None, NAVIGATION + FOOTER):
        paths += [url for url in [link.url, *(child.url for child in link.children)] if url]
    return list(dict.fromkeys(path.split("#")[0] for path in paths))


@pytest.mark.django_db
def test_no_public_page_of_a_fresh_site_says_a_completer(client, site_content):
    for path in public_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        assert "compléter" not in text_of(parse_html(response)).casefold(), path


@pytest.mark.django_db
def test_a_block_the_secretariat_left_marked_is_not_shown(client, site_content):
    Page.objects.filter(slug="mentions-legales").update(
        body="<h2>Hébergement</h2><p>À compléter : l'hébergeur.</p><p>Texte connu.</p>"
    )
    main = parse_html(client.get(reverse("pages:legal_notice"))).find(".//main")
    assert "Texte connu." in text_of(main)
    assert "compléter" not in text_of(main)


def test_without_placeholders_drops_only_the_marked_blocks():
    html = (
        "<p>Gardé</p><ul><li>a compléter : x</li><li>Gardé aussi</li></ul>"
        "<p>À <em>compléter</em></p>"
    )
    assert without_placeholders(html) == "<p>Gardé</p><ul><li>Gardé aussi</li></ul>"


@pytest.mark.django_db
def test_admin_lists_the_facts_still_missing_while_the_page_is_to_review(
    staff_client, site_content
):
    page = Page.objects.get(slug="mentions-legales")
    response = staff_client.get(reverse("admin:pages_page_change", args=[page.pk]))
    notices = [text_of(parse_html(str(message))) for message in response.context["messages"]]
    for fact in PENDING_FACTS["mentions-legales"]:
        assert any(fact in notice for notice in notices), notices


@pytest.mark.django_db
def test_migration_replaces_only_unedited_texts_still_to_review(site_content):
    old_notice = placeholders_migration.OLD_BODIES["mentions-legales"]
    old_statement = placeholders_migration.OLD_BODIES["accessibilite"]
    Page.objects.filter(slug="mentions-legales").update(body=old_notice, needs_review=True)
    Page.objects.filter(slug="accessibilite").update(body=old_statement, needs_review=False)
    placeholders_migration.replace_placeholder_texts(apps, None)
    assert "compléter" not in Page.objects.get(slug="mentions-legales").body
    assert "compléter" in Page.objects.get(slug="accessibilite").body  # reviewed: untouched

    edited = old_notice.replace("Université de Lorraine", "Université de Lorraine (UL)", 1)
    Page.objects.filter(slug="mentions-legales").update(body=edited, needs_review=True)
    placeholders_migration.replace_placeholder_texts(apps, None)
    assert "(UL)" in Page.objects.get(slug="mentions-legales").body  # edited: untouched
