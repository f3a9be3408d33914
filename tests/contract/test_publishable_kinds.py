"""Every publishable kind of content keeps the same promises to the secretariat and to
visitors: publish now, schedule, draft, preview link, search and site maps, undo a deletion.

Each test runs once per kind found in the registry (see conftest.py); records are written
through the real admin forms by a « Secrétariat » member and read as visitors read them.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from core.publication import PublicationStatus
from tests.contract.conftest import (
    KIND_CONTRACTS,
    in_sitemap,
    kind_model,
    later,
    publishable_kinds,
)
from tests.languages import address_in

pytestmark = pytest.mark.django_db

# A word found nowhere else on the site, so that search results can only be the record.
WORD = "Zorglubesque"
PUBLISHED = PublicationStatus.PUBLISHED


def has_anchor(obj):
    return bool(urlsplit(obj.get_absolute_url()).fragment)


def test_the_registry_has_publishable_kinds():
    assert publishable_kinds(), "Aucun type de contenu publiable dans le registre."


def test_every_publishable_kind_has_an_entry_in_the_contract():
    keys = {kind.key for kind in publishable_kinds()}
    missing, stale = keys - KIND_CONTRACTS.keys(), KIND_CONTRACTS.keys() - keys
    assert not missing, f"Types publiables sans entrée dans KIND_CONTRACTS : {sorted(missing)}"
    assert not stale, f"Entrées de KIND_CONTRACTS sans type publiable : {sorted(stale)}"


def test_publishing_now_with_an_empty_date_shows_it_to_visitors_at_once(kind, editor, visitor):
    before = timezone.now()
    obj = editor.add(f"{WORD} publié tout de suite", status=PUBLISHED, published_at=None)

    assert before <= obj.published_at <= timezone.now()
    seen = visitor.look_at(obj)
    assert seen.shown
    assert not seen.marked_as_draft


def test_a_scheduled_record_appears_by_itself_when_its_time_comes(kind, editor, visitor, clock):
    at = later(hours=1)
    obj = editor.add(f"{WORD} programmé", status=PUBLISHED, published_at=at)
    assert obj.published_at == at
    published = kind_model(kind).objects.published
    assert obj not in published(now=at - timedelta(seconds=1))
    assert obj in published(now=at)

    assert not visitor.sees(obj)
    assert obj.get_absolute_url() not in visitor.search_results(WORD)

    clock.move_to(at + timedelta(minutes=1))
    assert obj in kind.public_queryset()
    assert visitor.sees(obj)
    assert obj.get_absolute_url() in visitor.search_results(WORD)


def test_a_draft_is_hidden_from_visitors_and_marked_as_a_draft_for_staff(
    kind, editor, visitor, staff_reader
):
    obj = editor.add(f"{WORD} en brouillon")

    seen_by_visitor = visitor.look_at(obj)
    assert not seen_by_visitor.shown
    if not has_anchor(obj):
        assert seen_by_visitor.status_code == 404

    seen_by_staff = staff_reader.look_at(obj)
    assert seen_by_staff.shown
    if seen_by_staff.is_html:
        assert seen_by_staff.marked_as_draft, "Pas de mention « Brouillon » pour l'équipe."
    else:
        # A downloaded file carries no banner: it must at least not be kept by any cache.
        assert "no-store" in seen_by_staff.cache_control


def test_a_preview_link_opens_its_record_and_no_other(kind, editor, visitor):
    obj = editor.add(f"{WORD} relu par lien")
    other = editor.add(f"{WORD} autre brouillon")
    link = editor.create_preview_link(obj)

    seen = visitor.look_at(obj, link)
    assert seen.status_code == 200 and seen.shown, f"Le lien d'aperçu {link} : {seen}"
    if seen.is_html:
        assert seen.marked_as_draft
    assert "no-store" in seen.cache_control

    # The same token on the other record's address, and the address without the token.
    query = urlsplit(link).query
    other_address = f"{urlsplit(other.get_absolute_url()).path}?{query}"
    assert not visitor.look_at(other, other_address).shown
    assert not visitor.sees(obj)


def test_search_and_site_maps_list_it_only_while_published(kind, contract, editor, visitor, clock):
    # Tomorrow: the record's modification date is then its own in sitemap.xml, where a
    # kind shown on one page (sections) only moves that page's date.
    clock.move_to(later(days=1))
    editor.sign_in()
    site_map_before = visitor.site_map_links()

    def listed(obj):
        return {
            "search": obj.get_absolute_url() in visitor.search_results(WORD),
            "sitemap.xml": in_sitemap(visitor, kind, obj),
            "plan du site": visitor.site_map_links() - site_map_before,
        }

    nowhere = {"search": False, "sitemap.xml": False, "plan du site": set()}

    obj = editor.add(f"{WORD} pour les plans")
    assert listed(obj) == nowhere, "brouillon"

    editor.change(obj, PUBLISHED, published_at=later(hours=1))
    assert listed(obj) == nowhere, "programmé"

    editor.change(obj, PUBLISHED, published_at=later(minutes=-1))
    assert listed(obj) == {
        "search": True,
        # A kind may keep its records out of sitemap.xml (as alumni do).
        "sitemap.xml": kind.extra.get("in_sitemap", True),
        "plan du site": contract.site_map_links(obj),
    }, "publié"

    editor.change(obj, PublicationStatus.DRAFT)
    assert listed(obj) == nowhere, "repassé en brouillon"


def test_delete_then_recover_from_history_brings_it_back(
    kind, editor, visitor, django_capture_on_commit_callbacks
):
    published_at = later(minutes=-5)
    title = f"{WORD} supprimé par erreur"
    obj = editor.add(title, status=PUBLISHED, published_at=published_at)
    assert visitor.sees(obj)

    # What a deletion does once committed (clean-up of files…) runs, as on the live site.
    with django_capture_on_commit_callbacks(execute=True):
        editor.delete(obj)
    assert not kind_model(kind).objects.filter(pk=obj.pk).exists()
    assert not visitor.sees(obj)

    recovered = editor.recover(title)
    assert recovered.pk == obj.pk
    assert (recovered.status, recovered.published_at) == (PUBLISHED, published_at)
    seen = visitor.look_at(recovered)
    assert seen.shown, f"Récupéré, mais son adresse publique répond {seen.status_code}."


def test_not_visible_in_english_without_an_english_title(kind, editor, visitor):
    if not getattr(kind_model(kind), "translated_fields", ()):
        pytest.skip(f"« {kind.key} » n'a pas encore de version anglaise (translated_fields).")
    obj = editor.add(f"{WORD} en français seulement", PUBLISHED, later(minutes=-5))
    assert visitor.look_at(obj, address_in("fr", obj)).shown
    english = address_in("en", obj)
    assert not visitor.look_at(obj, english).shown
    assert english not in visitor.search_results(WORD, "en")

    editor.translate(obj, f"{WORD} in English")
    english = address_in("en", obj)
    assert visitor.look_at(obj, english).shown
    assert english in visitor.search_results(WORD, "en")
    assert visitor.look_at(obj, address_in("fr", obj)).shown
