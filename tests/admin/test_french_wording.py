"""Every admin page a secretary can open reads in correct French.

Each registered model's pages (list, add, change of one record, history, deletion,
deleted records to recover) are opened by a Secrétariat member (by a superuser for the
models only the site's administrators see); their visible wording (title, headings,
breadcrumbs, messages, filter titles, buttons, links above the form) must contain no
English word and none of the wrong forms Django's generic sentences produce in French.
"""

import contextlib
import re
from html import unescape

import pytest
from django.contrib import admin, messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from reversion.admin import VersionAdmin

from documents.models import Document
from news.models import NewsItem
from programme.models import Section
from tests.html import parse_html, text_of

from .conftest import make_document, make_news

ENGLISH = re.compile(
    r"\b(Add|Change|Delete|History|Recover|Save|Heading|Insert|Filter|Select|View)\b|\bby "
)
WRONG_FORMS = re.compile(
    r"\bde [aeéèêiouy]|\bPar c'est|\bAjout de |\bModification de |\bAffichage de "
    r"|Récupérer (?!les |l'|le |la )|\bAjouter (?!les |l'|le |la |un |une |des )",
    re.IGNORECASE,
)


def visible_wording(response):
    tree = parse_html(response)
    parts = [text_of(element) for element in tree.iter("title")]
    for element in tree.iter():
        classes = element.get("class", "").split()
        if element.tag in ("h1", "h2", "h3", "button", "summary") or {
            "breadcrumbs",
            "messagelist",
            "object-tools",
            "submit-row",
        } & set(classes):
            parts.append(text_of(element))
        if element.tag == "input" and element.get("type") == "submit":
            parts.append(element.get("value", ""))
    return [" ".join(part.split()) for part in parts if part and part.strip()]


def admin_pages(model, model_admin):
    info = model._meta.app_label, model._meta.model_name
    names = ["changelist", "add"]
    obj = model._default_manager.order_by("pk").first()
    pages = []
    for name in names:
        pages.append(f"admin:{info[0]}_{info[1]}_{name}")
    if isinstance(model_admin, VersionAdmin):
        pages.append(f"admin:{info[0]}_{info[1]}_recoverlist")
    urls = []
    for name in pages:
        with contextlib.suppress(NoReverseMatch):
            urls.append(reverse(name))
    if obj is not None:
        for name in ("change", "history", "delete"):
            with contextlib.suppress(NoReverseMatch):
                urls.append(reverse(f"admin:{info[0]}_{info[1]}_{name}", args=[obj.pk]))
    return urls


def problems_in(response, url):
    found = []
    for text in visible_wording(response):
        for pattern in (ENGLISH, WRONG_FORMS):
            match = pattern.search(text)
            if match:
                found.append(f"{url}: « {match.group(0)} » in « {text} »")
    return found


@pytest.mark.django_db
def test_every_admin_page_reads_in_french(
    site_content, staff_client, superuser_client, secretariat_user
):
    make_news()
    make_document()
    request = RequestFactory().get("/admin/")
    request.user = secretariat_user
    problems = []
    pages_seen = 0
    for model, model_admin in admin.site._registry.items():
        client = staff_client if model_admin.has_view_permission(request) else superuser_client
        for url in admin_pages(model, model_admin):
            response = client.get(url, follow=True)
            if response.status_code != 200:
                continue
            pages_seen += 1
            problems += problems_in(response, url)
    assert pages_seen > 60
    # The lists' filters were read too: titled by what they filter, never « Par … ».
    news_list = parse_html(staff_client.get(reverse("admin:news_newsitem_changelist")))
    filter_titles = [" ".join(text_of(summary).split()) for summary in news_list.iter("summary")]
    assert filter_titles
    assert not [title for title in filter_titles if title.startswith("Par ")], filter_titles
    assert not problems, "\n".join(problems)


def h1_of(response):
    return [" ".join(text_of(h1).split()) for h1 in parse_html(response).iter("h1")]


@pytest.mark.django_db
def test_titles_have_the_article_and_the_agreement(site_content, staff_client):
    news = make_news()
    document = make_document()
    section = Section.objects.order_by("pk").first()
    expected = {
        reverse("admin:news_newsitem_add"): "Ajouter une actualité",
        reverse("admin:news_newsitem_change", args=[news.pk]): "Modifier l'actualité",
        reverse("admin:news_newsitem_history", args=[news.pk]): "Historique de l'actualité",
        reverse("admin:news_newsitem_recoverlist"): "Récupérer les actualités supprimées",
        reverse("admin:documents_document_change", args=[document.pk]): "Modifier le document",
        reverse("admin:documents_document_delete", args=[document.pk]): "Supprimer le document ?",
        reverse("admin:core_image_add"): "Ajouter une image",
        reverse("admin:programme_section_history", args=[section.pk]): (
            "Historique de la partie de la présentation"
        ),
        reverse("admin:programme_semester_recoverlist"): "Récupérer les semestres supprimés",
    }
    for url, title in expected.items():
        assert title in h1_of(staff_client.get(url)), url


def messages_after(model_admin, template, obj, action=None, **fields):
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    if action:
        request._wording_action = action
        # The form was saved as the history had it: no field changed.
        request._changed_field_labels = []
    message = format_html(gettext(template), name=model_admin.opts.verbose_name, obj=obj)
    model_admin.message_user(request, message, messages.SUCCESS)
    return [unescape(str(message)) for message in get_messages(request)]


@pytest.mark.django_db
def test_success_messages_agree_with_the_model():
    news_admin = admin.site._registry[NewsItem]
    document_admin = admin.site._registry[Document]
    added = "The {name} “{obj}” was added successfully."
    changed = "The {name} “{obj}” was changed successfully."
    assert messages_after(news_admin, added, "Journée") == [
        "L'actualité « Journée » a été ajoutée."
    ]
    assert messages_after(document_admin, added, "Calendrier") == [
        "Le document « Calendrier » a été ajouté."
    ]
    # After a recovery: what was recovered, not « modifié… Aucun champ n'a changé ».
    assert messages_after(news_admin, changed, "Journée", action="récupéré") == [
        "L'actualité « Journée » a été récupérée."
    ]
    assert messages_after(document_admin, changed, "Calendrier", action="restauré") == [
        "Le document « Calendrier » a été restauré."
    ]
