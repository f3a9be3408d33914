"""Every admin page a secretary can open reads in correct French.

Each registered model's pages (list, add, change of one record, history, deletion and the
bulk deletion's confirmation, deleted records to recover) are opened by a Secrétariat
member (by a superuser for the models only the site's administrators see); their visible
wording (title, headings, breadcrumbs, messages, filter titles, buttons, links above the
form, the list's actions, the sentences of a confirmation page and the list of what a
deletion takes along) must contain no English word (« Add », « Are you sure », « Yes »,
« Objects », « Summary », « Successfully », « device », « token », « TOTP », « static »…),
none of the wrong forms Django's generic sentences produce in French (« Ajout de »,
« l'objet actualité », « les objets … sélectionnés », « Supprimer plusieurs objets »,
« supprimé(e)s », « je suis sûr »…), and no participle disagreeing with a feminine or
masculine model (« les actualités sélectionnés »).
"""

import contextlib
import re
from html import unescape

import pytest
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import model_ngettext
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.admin import VersionAdmin

from backoffice.wording import FEMININE, Wording
from documents.models import Document
from news.models import Category as NewsCategory
from news.models import NewsItem
from programme.models import Section
from tests.html import element_by_id, parse_html, text_of

from .conftest import make_document, make_news

ENGLISH = re.compile(
    r"\b(Add|Change|Delete|History|Recover|Save|Heading|Insert|Filter|Select|View|Yes"
    r"|Objects|Summary|Successfully|Deleting|Identity|Timestamps|Throttling)\b|\bby "
    r"|\bAre you sure|\b[Dd]evices?\b|\b[Tt]okens?\b|\bTOTP\b|\b[Ss]tatic\b"
)
WRONG_FORMS = re.compile(
    r"\bde [aeéèêiouy]|\bPar c'est|\bAjout de |\bModification de |\bAffichage de "
    r"|(?-i:Récupérer) (?!les |l'|le |la )|\bAjouter (?!les |l'|le |la |un |une |des )"
    r"|\bl['’]objet\b|\bles objets\b|\bplusieurs objets\b|\bobjets? [a-zà-ÿ]+ (a|ont) été"
    r"|\(e\)|\bje suis sûr|\ba réussi\b",
    re.IGNORECASE,
)
# « Actualité: Journée » in the list of what a deletion takes along: French puts a space
# before the colon.
ENGLISH_COLON = re.compile(r"\w: ")


def visible_wording(response):
    tree = parse_html(response)
    parts = [text_of(element) for element in tree.iter("title")]
    content = element_by_id(tree, "content")
    if content is not None:
        # The sentences of a page (a confirmation's question) and what a deletion takes along.
        parts += [text_of(element) for element in content.iter("p")]
        parts += deletion_lists(content)
    for select in tree.iter("select"):
        if select.get("name") == "action":
            parts += [text_of(option) for option in select.iter("option")]
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


def deletion_lists(content):
    """The lines of a deletion's summary and of its list of what goes with the record."""
    lines = []
    for listing in content.iter("ul"):
        if listing.get("id") == "deleted-objects" or not listing.get("class"):
            lines += [text_of(item) for item in listing.iter("li")]
    return lines


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


def disagreements(model):
    """Participles that do not agree with the model's plural name: « actualités supprimés »."""
    wording = Wording(model._meta)
    plural = re.escape(wording.plural)
    if wording.gender == FEMININE:
        return re.compile(rf"\b{plural} (sélectionnés|supprimés|modifiés)\b")
    return re.compile(rf"\b{plural} (sélectionnées|supprimées|modifiées)\b")


def problems_in(response, url, model=None):
    found = []
    patterns = [ENGLISH, WRONG_FORMS]
    if model is not None:
        patterns.append(disagreements(model))
    for text in visible_wording(response):
        for pattern in patterns:
            match = pattern.search(text)
            if match:
                found.append(f"{url}: « {match.group(0)} » in « {text} »")
    content = element_by_id(parse_html(response), "content")
    for text in deletion_lists(content) if content is not None else []:
        match = ENGLISH_COLON.search(text)
        if match:
            found.append(f"{url}: « {match.group(0)} » in « {text} »")
    return found


def bulk_delete_confirmation(client, model, obj):
    """The bulk delete's confirmation page for `obj` (nothing is deleted), or None."""
    info = model._meta.app_label, model._meta.model_name
    try:
        url = reverse(f"admin:{info[0]}_{info[1]}_changelist")
    except NoReverseMatch:
        return None
    response = client.post(
        url, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [obj.pk], "index": 0}
    )
    if response.status_code != 200 or "queryset" not in (response.context or {}):
        return None
    return response


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
    bulk_pages_seen = []
    for model, model_admin in admin.site._registry.items():
        client = staff_client if model_admin.has_view_permission(request) else superuser_client
        for url in admin_pages(model, model_admin):
            response = client.get(url, follow=True)
            if response.status_code != 200:
                continue
            pages_seen += 1
            problems += problems_in(response, url, model)
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            response = bulk_delete_confirmation(client, model, obj)
            if response is not None:
                bulk_pages_seen.append(model._meta.label_lower)
                problems += problems_in(response, f"suppression groupée {model.__name__}", model)
    assert pages_seen > 60
    # The delete confirmation of the feminine and masculine kinds were among them.
    assert {"news.newsitem", "documents.document", "otp_totp.totpdevice"} <= set(bulk_pages_seen)
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


def paragraphs(response):
    return [text_of(p) for p in element_by_id(parse_html(response), "content").iter("p")]


def submit_values(response):
    tree = parse_html(response)
    return [e.get("value") for e in tree.iter("input") if e.get("type") == "submit"]


def message_texts(response):
    return [unescape(str(message)) for message in response.context["messages"]]


@pytest.mark.django_db
def test_the_delete_page_names_the_record_with_its_article(site_content, staff_client):
    news = make_news()
    response = staff_client.get(reverse("admin:news_newsitem_delete", args=[news.pk]))
    assert (
        f"Voulez-vous vraiment supprimer l'actualité « {news.title} » ? "
        "Les éléments ci-dessous seront supprimés :"
    ) in paragraphs(response)
    content = element_by_id(parse_html(response), "content")
    assert f"Actualité : {news.title}" in deletion_lists(content)
    assert "Actualités : 1" in deletion_lists(content)
    assert submit_values(response) == ["Oui, supprimer"]


@pytest.mark.django_db
def test_bulk_delete_is_confirmed_and_reported_in_agreed_french(site_content, staff_client):
    first, second = make_news("Forum"), make_news("Rentrée")
    url = reverse("admin:news_newsitem_changelist")
    actions = [
        text_of(option)
        for select in parse_html(staff_client.get(url)).iter("select")
        if select.get("name") == "action"
        for option in select.iter("option")
    ]
    assert "Supprimer les actualités sélectionnées" in actions
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk], "index": 0}
    confirmation = staff_client.post(url, data)
    assert "Supprimer les actualités sélectionnées ?" in h1_of(confirmation)
    assert (
        "Voulez-vous vraiment supprimer les actualités sélectionnées (2) ? "
        "Les éléments ci-dessous seront supprimés :"
    ) in paragraphs(confirmation)
    assert NewsItem.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    done = staff_client.post(url, {**data, "post": "yes"}, follow=True)
    assert "2 actualités supprimées." in message_texts(done)
    assert not NewsItem.objects.filter(pk__in=[first.pk, second.pk]).exists()

    document = make_document()
    url = reverse("admin:documents_document_changelist")
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [document.pk], "index": 0}
    assert "Supprimer les documents sélectionnés ?" in h1_of(staff_client.post(url, data))
    done = staff_client.post(url, {**data, "post": "yes"}, follow=True)
    assert "1 document supprimé." in message_texts(done)


def list_edit_message(model_admin, count):
    """Django's sentence after saving a list's editable columns, through the admin."""
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    message = ngettext(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        count,
    ) % {"count": count, "name": model_ngettext(model_admin.opts, count)}
    model_admin.message_user(request, message, messages.SUCCESS)
    return [str(message) for message in get_messages(request)]


@pytest.mark.django_db
def test_list_edits_are_reported_in_agreed_french():
    news_categories = admin.site._registry[NewsCategory]
    documents = admin.site._registry[Document]
    assert list_edit_message(news_categories, 1) == ["1 catégorie modifiée."]
    assert list_edit_message(news_categories, 3) == ["3 catégories modifiées."]
    assert list_edit_message(documents, 2) == ["2 documents modifiés."]


@pytest.mark.django_db
def test_two_step_devices_have_french_names_and_are_only_deleted_here(
    superuser_client, admin_user, staff_client
):
    device = TOTPDevice.objects.get(user=admin_user)
    changelist = reverse("admin:otp_totp_totpdevice_changelist")
    response = superuser_client.get(changelist)
    assert "Choisissez une application d'authentification à consulter" in h1_of(response)
    assert not problems_in(response, changelist, TOTPDevice)
    columns = [text_of(th) for th in parse_html(response).iter("th") if th.get("scope") == "col"]
    assert {"Compte", "Nom", "Configuration terminée", "Créé le"} <= set(columns)
    assert superuser_client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    delete_url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert (
        f"Voulez-vous vraiment supprimer l'application d'authentification « {device} » ? "
        "Les éléments ci-dessous seront supprimés :"
    ) in paragraphs(superuser_client.get(delete_url))
    recovery = reverse("admin:otp_static_staticdevice_changelist")
    assert "Choisissez un jeu de codes de secours à consulter" in h1_of(
        superuser_client.get(recovery)
    )
    # The Secrétariat never reaches the devices of others.
    assert staff_client.get(changelist).status_code == 403
    done = superuser_client.post(delete_url, {"post": "yes"}, follow=True)
    assert f"L'application d'authentification « {device} » a été supprimée." in message_texts(done)
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
