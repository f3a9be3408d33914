"""The English interface catalogue (locale/en/LC_MESSAGES/django.po) and which of its
strings public pages show, told by the `#:` references makemessages writes."""

import re
from pathlib import Path

import polib
from django.conf import settings

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
# What `makemessages` leaves out (README « Traductions »): the virtualenv, the benchmark's
# own bare site, the tests, and what the site writes at run time.
MAKEMESSAGES_IGNORE = [
    ".venv",
    "bench",
    "tests",
    "staticfiles",
    "media",
    "private-media",
    "screenshots",
]

# Templates of the admin and the staff's login pages stay French (the admin is French).
STAFF_TEMPLATES = ("templates/admin/", "templates/registration/", "templates/reversion/")
# Python modules whose strings reach visitors: pages, forms and their errors, feeds,
# navigation, template tags, what search results and the home page say, the alumni's
# mails and portraits. Models are judged by the pages themselves
# (test_english_pages_use_no_untranslated_string): most of their strings are the admin's.
PUBLIC_MODULES = re.compile(
    r"(^|/)(views|forms|feeds|urls|navigation|errors|context_processors|hooks|services"
    r"|admission|search_text|charts|formatting|antispam|ratelimit|images|publication"
    r"|ics|breadcrumbs)\.py$|/templatetags/"
)


def load():
    return polib.pofile(str(PO_PATH), wrapwidth=100)


def is_public_source(path):
    if path.startswith("templates/"):
        return not path.startswith(STAFF_TEMPLATES)
    return bool(PUBLIC_MODULES.search(path))


def is_public(entry):
    return any(is_public_source(path) for path, _line in entry.occurrences)


def is_translated(entry):
    if entry.fuzzy or entry.obsolete:
        return False
    if entry.msgid_plural:
        return all(entry.msgstr_plural.get(index) for index in range(2))
    return bool(entry.msgstr)
