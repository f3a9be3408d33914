"""No lost edits (issue 15): a save over someone else's is refused, the typed text kept,
and the change page says who else has the record open."""

import pytest
from django.test import Client
from django.urls import reverse

from backoffice.roles import SECRETARIAT
from news.models import Category, NewsItem
from programme.models import Course, Semester, TeachingUnit
from tests.admin_forms import admin_form_data
from tests.html import element_by_id, errors_in, parse_html, text_of
from tests.staff import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(django_user_model):
    user = make_staff(django_user_model, "collegue@univ-lorraine.fr", SECRETARIAT)
    user.first_name, user.last_name = "Camille", "Martin"
    user.save()
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def item(db):
    category, _ = Category.objects.get_or_create(
        slug="vie-du-master", defaults={"name": "Vie du master", "order": 1}
    )
    return NewsItem.objects.create(
        title="Réunion de rentrée",
        summary="Le lundi en salle B.",
        body="<p>Tout le monde est attendu.</p>",
        category=category,
    )


def change_url(obj):
    return reverse("admin:news_newsitem_change", args=[obj.pk])


def test_second_save_is_refused_with_the_other_changes_and_the_typed_text_kept(
    staff_client, colleague, item
):
    mine = staff_client.get(change_url(item))
    theirs = colleague.get(change_url(item))
    saved = colleague.post(
        change_url(item), admin_form_data(theirs, title="Réunion de rentrée décalée")
    )
    assert saved.status_code == 302, errors_in(parse_html(saved))

    refused = staff_client.post(
        change_url(item), admin_form_data(mine, summary="Le mardi en amphithéâtre.")
    )

    assert refused.status_code == 200
    tree = parse_html(refused)
    errors = errors_in(tree)
    assert "Cet élément a changé depuis que vous l'avez ouvert" in errors
    assert "Camille Martin l'a enregistré le" in errors
    assert "Champs modifiés : titre." in errors
    assert "votre saisie est conservée" in errors
    # Nothing of theirs is lost, nothing of mine is saved.
    item.refresh_from_db()
    assert item.title == "Réunion de rentrée décalée"
    assert item.summary == "Le lundi en salle B."
    # What I typed is still in the form.
    form = refused.context["adminform"].form
    assert form["summary"].value() == "Le mardi en amphithéâtre."
    assert "Le mardi en amphithéâtre." in refused.content.decode()
    # Both versions of what they changed, side by side.
    table = text_of(element_by_id(tree, "edit-conflict"))
    assert "Réunion de rentrée" in table and "décalée" in table
    assert "Résumé" not in table and "Chapô" not in table

    # Saving again, after reading their changes, keeps my whole form knowingly (their
    # title included, had I copied it from the table).
    again = staff_client.post(change_url(item), admin_form_data(refused))
    assert again.status_code == 302, errors_in(parse_html(again))
    item.refresh_from_db()
    assert item.summary == "Le mardi en amphithéâtre."
    assert item.title == "Réunion de rentrée"


def test_saving_without_anyone_else_works_as_before(staff_client, item):
    page = staff_client.get(change_url(item))
    assert 'name="edit_token"' in page.content.decode()
    first = staff_client.post(change_url(item), admin_form_data(page, title="Premier titre"))
    assert first.status_code == 302
    # The same person saving twice from fresh pages is no conflict either.
    page = staff_client.get(change_url(item))
    second = staff_client.post(change_url(item), admin_form_data(page, title="Second titre"))
    assert second.status_code == 302, errors_in(parse_html(second))
    item.refresh_from_db()
    assert item.title == "Second titre"


def test_a_change_made_outside_the_admin_is_caught_too(staff_client, item):
    page = staff_client.get(change_url(item))
    NewsItem.objects.filter(pk=item.pk).update(title="Changé par un script")

    refused = staff_client.post(change_url(item), admin_form_data(page, summary="Autre."))

    assert refused.status_code == 200
    assert "il a été enregistré ailleurs" in errors_in(parse_html(refused))
    item.refresh_from_db()
    assert item.title == "Changé par un script"
    assert item.summary == "Le lundi en salle B."


def test_a_form_without_the_token_is_not_checked(staff_client, item):
    page = staff_client.get(change_url(item))
    data = admin_form_data(page, title="Sans jeton")
    del data["edit_token"]
    NewsItem.objects.filter(pk=item.pk).update(summary="Changé entre-temps.")
    assert staff_client.post(change_url(item), data).status_code == 302


def test_the_add_form_has_no_token(staff_client):
    page = staff_client.get(reverse("admin:news_newsitem_add"))
    assert 'name="edit_token"' not in page.content.decode()
    assert 'id="edit-presence"' not in page.content.decode()


def test_presence_names_the_others_who_have_the_record_open(
    staff_client, colleague, item, secretariat_user
):
    page = staff_client.get(change_url(item))
    tree = parse_html(page)
    notice = element_by_id(tree, "edit-presence")
    url = notice.get("data-presence-url")
    assert url == reverse("admin:news_newsitem_presence", args=[item.pk])
    assert "admin-extra/presence.js" in page.content.decode()

    assert staff_client.post(url).json() == {"others": []}
    assert colleague.post(url).json() == {"others": [secretariat_user.get_username()]}
    assert staff_client.post(url).json() == {"others": ["Camille Martin"]}
    # Another record is another room.
    other = NewsItem.objects.create(title="Autre", summary="x", body="", category=item.category)
    other_url = reverse("admin:news_newsitem_presence", args=[other.pk])
    assert staff_client.post(other_url).json() == {"others": []}


def test_presence_is_for_staff_and_only_by_post(client, staff_client, item):
    url = reverse("admin:news_newsitem_presence", args=[item.pk])
    assert staff_client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    missing = reverse("admin:news_newsitem_presence", args=[item.pk + 1000])
    assert staff_client.post(missing).status_code == 404


def test_a_change_in_the_lines_below_the_form_is_caught_too(staff_client, colleague):
    semester = Semester.objects.create(title="Semestre 1", order=0)
    unit = TeachingUnit.objects.create(
        semester=semester, code="UE1", title="Méthodes", ects=6, hours_cm=10, hours_td=10
    )
    Course.objects.create(unit=unit, title="Statistiques", hours_cm=10, order=0)
    url = reverse("admin:programme_teachingunit_change", args=[unit.pk])
    mine = staff_client.get(url)
    theirs = colleague.get(url)
    saved = colleague.post(url, admin_form_data(theirs, **{"courses-0-hours_cm": "12"}))
    assert saved.status_code == 302, errors_in(parse_html(saved))
    assert unit.courses.get().hours_cm == 12

    refused = staff_client.post(url, admin_form_data(mine, title="Méthodes quantitatives"))

    assert refused.status_code == 200
    errors = errors_in(parse_html(refused))
    assert "Camille Martin l'a enregistré le" in errors
    assert "Voyez les lignes de : « enseignements »" in errors, errors
    assert refused.context["adminform"].form["title"].value() == "Méthodes quantitatives"
    unit.refresh_from_db()
    assert unit.title == "Méthodes"
