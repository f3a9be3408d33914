"""The English interface catalogue: every string a public page shows has its English
text, the catalogue holds every string of the sources, and the compiled .mo committed
beside it (so that a machine without gettext runs the site) says the same as the .po."""

import gettext
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.i18n import catalogue


def test_every_string_of_the_public_pages_has_its_english_text():
    missing = [
        f"{entry.msgid!r} ({entry.occurrences[0][0]})"
        for entry in catalogue.load()
        if catalogue.is_public(entry) and not catalogue.is_translated(entry)
    ]
    assert not missing, "Sans traduction anglaise (vide ou fuzzy) :\n" + "\n".join(missing)


def test_the_public_sources_are_told_from_the_admin_ones():
    assert catalogue.is_public_source("templates/news/newsitem_list.html")
    assert catalogue.is_public_source("pages/forms.py")
    assert catalogue.is_public_source("core/templatetags/dates.py")
    assert not catalogue.is_public_source("templates/admin/change_form.html")
    assert not catalogue.is_public_source("templates/registration/lockout.html")
    assert not catalogue.is_public_source("news/admin.py")
    assert not catalogue.is_public_source("backoffice/workflow.py")


def test_a_fuzzy_or_empty_entry_counts_as_untranslated():
    import polib

    assert not catalogue.is_translated(polib.POEntry(msgid="Accueil", msgstr=""))
    fuzzy = polib.POEntry(msgid="Accueil", msgstr="Home", flags=["fuzzy"])
    assert not catalogue.is_translated(fuzzy)
    plural = polib.POEntry(msgid="%(n)s page", msgid_plural="%(n)s pages")
    plural.msgstr_plural = {0: "%(n)s page", 1: ""}
    assert not catalogue.is_translated(plural)
    assert catalogue.is_translated(polib.POEntry(msgid="Accueil", msgstr="Home"))


def test_the_compiled_catalogue_says_what_the_po_says():
    compiled_path = catalogue.PO_PATH.with_suffix(".mo")
    with compiled_path.open("rb") as compiled:
        compiled_catalogue = gettext.GNUTranslations(compiled)._catalog
    expected = {"": compiled_catalogue.get("")}  # the header
    for entry in catalogue.load():
        if not catalogue.is_translated(entry):
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr
    assert compiled_catalogue == expected, (
        "django.mo n'est pas à jour : lancez « manage.py compilemessages -l en »"
    )


@pytest.mark.skipif(
    shutil.which("xgettext") is None,
    reason="xgettext (paquet gettext) absent : la synchronisation du catalogue n'est pas "
    "vérifiée ici (.ci/run installe gettext)",
)
def test_the_catalogue_holds_every_string_of_the_sources(settings, tmp_path, monkeypatch):
    """makemessages run on the sources, into a copy of the catalogue, finds no string the
    catalogue lacks (nor one the sources no longer have).

    It writes beside the nearest `locale/` folder: it runs in a folder of links to the
    project's sources, whose own `locale/` holds the copy."""
    import polib

    sources = tmp_path / "sources"
    copy = sources / "locale" / "en" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(catalogue.PO_PATH, copy / "django.po")
    left_out = {*catalogue.MAKEMESSAGES_IGNORE, "locale", ".git"}
    for item in Path(settings.BASE_DIR).iterdir():
        if item.name not in left_out:
            (sources / item.name).symlink_to(item)
    settings.LOCALE_PATHS = [sources / "locale"]
    monkeypatch.chdir(sources)
    call_command(
        "makemessages",
        locale=["en"],
        ignore_patterns=catalogue.MAKEMESSAGES_IGNORE,
        symlinks=True,
        no_obsolete=True,
        verbosity=0,
    )

    regenerated = {entry.msgid for entry in polib.pofile(str(copy / "django.po"))}
    committed = {entry.msgid for entry in catalogue.load() if not entry.obsolete}
    assert sorted(regenerated - committed) == [], (
        "Chaînes absentes du catalogue : régénérez-le (README « Traductions »)"
    )
    assert sorted(committed - regenerated) == [], "Chaînes qui n'existent plus dans les sources"
