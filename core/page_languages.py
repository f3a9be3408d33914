"""Which languages a public page exists in, and its address in each: the language
switcher of the header, the `hreflang` alternates, `og:locale` and the hint offered to
visitors whose browser prefers another language.

A page showing a record (`object` in its context, a `Translatable` model) exists in a
language when the record has a translation there; its address in that language is the
record's `get_absolute_url()` under that language. When it has none, the switcher links
to the record's `translation_parent_url_name` (its list) with a notice, and the page
lists no alternate in that language. Any other page (lists, the home, the forms) exists
in every language, at the address `translate_url` gives. A missing page (404) links to
the home page in the other language.

Addresses carry no query string: the same page whatever its filters, as its canonical
link; so the header, cached per content version, has one variant per page and language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse, translate_url
from django.utils import translation
from django.utils.text import capfirst

# The Open Graph locale of each language (a territory is required there).
OPEN_GRAPH_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str  # in its own language: « English », « Français »
    path: str  # the page's address in this language, or its nearest parent's
    url: str  # the same, absolute (hreflang, og)
    exists: bool  # False: `path` is the nearest page that exists (a parent, the home)
    untranslated: bool = False  # the page's record has no translation: say so

    @property
    def open_graph_locale(self):
        return OPEN_GRAPH_LOCALES.get(self.code, self.code)


@dataclass(frozen=True)
class PageLanguages:
    current: PageLanguage
    others: tuple[PageLanguage, ...]

    @property
    def alternates(self):
        """The languages the page exists in, the current one included (for hreflang)."""
        return tuple(language for language in (self.current, *self.others) if language.exists)

    @property
    def default(self):
        """The page in the site's default language (x-default), or None."""
        for language in self.alternates:
            if language.code == settings.LANGUAGE_CODE:
                return language
        return None

    @property
    def key(self):
        """What the rendered switcher depends on (a fragment's key)."""
        return "|".join(
            f"{link.code}:{link.path}:{link.exists}:{link.untranslated}" for link in self.others
        )


def language_name(code):
    return capfirst(translation.get_language_info(code)["name_local"])


def _in_language(code, compute):
    with translation.override(code):
        return compute()


def _home(code):
    return _in_language(code, lambda: reverse("home"))


def _record_path(record, code):
    """(address, exists) of a translatable record's page in `code`."""
    if record.has_translation(code):
        return _in_language(code, record.get_absolute_url), True
    parent = getattr(record, "translation_parent_url_name", None) or "home"
    return _in_language(code, lambda: reverse(parent)), False


def _page_path(path, code):
    """(address, exists) of the page at `path` (current language) in `code`."""
    try:
        resolve(path)
    except Resolver404:
        return _home(code), False
    translated = translate_url(path, code)
    if translated == path:
        # translate_url hands back its argument when the page has no address in `code`.
        return _home(code), False
    return translated, True


def _is_translatable(record):
    return hasattr(record, "has_translation") and hasattr(record, "get_absolute_url")


def page_languages(request, context):
    """The page's languages: the current one, then the others of settings.LANGUAGES."""
    current_code = translation.get_language() or settings.LANGUAGE_CODE
    path = context.get("canonical_path") or request.path
    record = context.get("object")
    not_found = context.get("not_found") or getattr(request, "resolver_match", None) is None
    others = []
    for code, _name in settings.LANGUAGES:
        if code == current_code:
            continue
        untranslated = False
        if not_found:
            target, exists = _home(code), False
        elif record is not None and _is_translatable(record):
            try:
                target, exists = _record_path(record, code)
            except NoReverseMatch:
                target, exists = _home(code), False
            untranslated = not exists
        else:
            target, exists = _page_path(path, code)
        others.append(
            PageLanguage(
                code,
                language_name(code),
                target,
                request.build_absolute_uri(target),
                exists,
                untranslated=untranslated,
            )
        )
    current = PageLanguage(
        current_code,
        language_name(current_code),
        path,
        request.build_absolute_uri(path),
        not not_found,
    )
    return PageLanguages(current, tuple(others))
