"""The English pages, rendered for real, use no string of ours that lacks its English
text: the catalogue test reads the sources a public page is built from; this one catches
what only the pages tell (a model's label or choice shown to visitors, a message built in
Python), each string looked up while the pages render."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.utils import translation
from django.utils.translation import trans_real

from core.translation import Translatable, english_name
from news.models import NewsItem
from pages.context_processors import _layout_links
from pages.navigation import FOOTER, NAVIGATION, build_navigation
from tests.i18n import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def looked_up_without_english(monkeypatch):
    """Our French strings looked up in English and found without an English text."""
    ours = {
        f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        for entry in catalogue.load()
    }
    missing = set()
    gettext, ngettext = trans_real.DjangoTranslation.gettext, trans_real.DjangoTranslation.ngettext

    def looking_up_gettext(self, message):
        if self.language() == "en" and message in ours and message not in self._catalog:
            missing.add(message)
        return gettext(self, message)

    def looking_up_ngettext(self, singular, plural, number):
        if self.language() == "en" and singular in ours and (singular, 0) not in self._catalog:
            missing.add(singular)
        return ngettext(self, singular, plural, number)

    monkeypatch.setattr(trans_real.DjangoTranslation, "gettext", looking_up_gettext)
    monkeypatch.setattr(trans_real.DjangoTranslation, "ngettext", looking_up_ngettext)
    # The menus are built once per process: build them again, under the lookout.
    _layout_links.cache_clear()
    return missing


@pytest.fixture
def english_site(site_content):
    call_command(
        "generate_demo_content", news=14, alumni=4, documents=4, sections=2, stdout=io.StringIO()
    )
    # Every record exists in English too (its English texts copied from the French), so that
    # the English lists and details show what they would show with real translations.
    for model in apps.get_models():
        if issubclass(model, Translatable) and model.translated_fields:
            model._base_manager.update(
                **{english_name(field): F(field) for field in model.translated_fields}
            )
    with translation.override("en"):
        layout = [
            link.url
            for top in build_navigation(None, NAVIGATION + FOOTER)
            for link in (top, *top.children)
            if link.url
        ]
        news = NewsItem.objects.published().order_by("-published_at")
        details = [item.get_absolute_url() for item in (news.first(), news.last())]
    return list(dict.fromkeys(url.split("#")[0] for url in layout)) + details


def test_english_pages_use_no_untranslated_string(client, english_site, looked_up_without_english):
    pages = [
        *english_site,
        "/en/news/?page=2",
        "/en/news/?category=inconnue",
        "/en/alumni/?cohort=pas-une-annee",
        "/en/search/?q=master",
        "/en/search/?q=zzzqqqxxx",
        "/en/search/?q=a",
        "/en/alumni/update/",
        "/en/alumni/withdraw-consent/",
        "/en/alumni/withdraw-consent/confirm/pas-un-jeton/",
        "/en/page-that-does-not-exist/",
    ]
    for url in pages:
        assert client.get(url).status_code in (200, 400, 404), url
    # Forms sent empty: their error messages.
    for url in ("/en/contact/", "/en/alumni/update/", "/en/alumni/withdraw-consent/"):
        assert client.post(url, {}).status_code == 200, url

    assert not looked_up_without_english, "Sans traduction anglaise :\n" + "\n".join(
        sorted(looked_up_without_english)
    )


def test_a_french_string_missing_in_english_is_caught(looked_up_without_english):
    admin_only = next(
        entry.msgid
        for entry in catalogue.load()
        if not catalogue.is_translated(entry) and not entry.msgid_plural and not entry.msgctxt
    )
    with translation.override("en"):
        translation.gettext("Accueil")  # translated
        translation.gettext("Not one of ours")
    with translation.override("fr"):
        translation.gettext(admin_only)  # French is the source
    assert looked_up_without_english == set()
    with translation.override("en"):
        translation.gettext(admin_only)
    assert looked_up_without_english == {admin_only}
