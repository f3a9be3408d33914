"""Comparing a version of the history with the current record, for a secretariat member."""

import pytest
import reversion
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect
from reversion.models import Version

from backoffice.roles import SECRETARIAT
from core.models import SiteIdentity
from news.models import Category as NewsCategory
from programme.models import Section
from tests.admin_forms import admin_form_data
from tests.staff import make_staff

from .conftest import make_news
from .test_browser import log_in

pytestmark = pytest.mark.django_db

OLD_BODY = "<p>Le master forme des cadres des politiques sociales.</p>"
NEW_BODY = "<p>Le master forme des cadres des politiques publiques.</p>"


def edit(client, obj, **changes):
    """Save the object's admin form as staff would, with some fields changed."""
    info = obj._meta.app_label, obj._meta.model_name
    url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
    response = client.post(url, admin_form_data(client.get(url), **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def compare_url(obj, version):
    info = obj._meta.app_label, obj._meta.model_name
    return reverse("admin:{}_{}_compare".format(*info), args=[obj.pk, version.pk])


def oldest_version(obj):
    return Version.objects.get_for_object(obj).order_by("revision__date_created", "pk").first()


@pytest.fixture
def section(db):
    return Section.objects.create(title="Objectifs", slug="objectifs", body=OLD_BODY)


def test_the_comparison_shows_the_old_and_new_words_marked(staff_client, section):
    edit(staff_client, section, body=NEW_BODY)
    version = oldest_version(section)

    history = staff_client.get(reverse("admin:programme_section_history", args=[section.pk]))
    assert compare_url(section, version) in history.content.decode()

    response = staff_client.get(compare_url(section, version))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 champ modifié" in html
    assert '<del><span class="visually-hidden">supprimé : </span>sociales.</del>' in html, (
        "the removed word is marked in the old text"
    )
    assert '<ins><span class="visually-hidden">ajouté : </span>publiques.</ins>' in html
    assert "Le master forme des cadres des politiques" in html
    # Tags are stripped: the reader compares the text, not the markup.
    assert "&lt;p&gt;" not in html
    changed_table = html.split('id="champs-modifies"')[1].split("</table>")[0]
    assert "Texte" in changed_table
    assert "Titre" not in changed_table
    unchanged = html.split("<details")[1].split("</details>")[0]
    assert "Objectifs" in unchanged
    restore = reverse("admin:programme_section_revision", args=[section.pk, version.pk])
    assert f'href="{restore}"' in html
    assert "Restaurer cette version" in html


def test_a_stored_script_is_shown_escaped(staff_client):
    news = make_news(title="Réunion de rentrée")
    edit(staff_client, news, title="<script>alert('x')</script> Réunion")
    response = staff_client.get(compare_url(news, oldest_version(news)))
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_foreign_keys_files_and_choices_read_as_staff_know_them(staff_client, image):
    news = make_news(title="Soutenances")
    other = NewsCategory.objects.create(name="Stages et emploi", slug="stages", order=2)
    edit(staff_client, news, category=other.pk, image=image.pk, status="draft")
    html = staff_client.get(compare_url(news, oldest_version(news))).content.decode()
    changed_table = html.split('id="champs-modifies"')[1].split("</table>")[0]
    assert "Vie du master" in changed_table
    assert "Stages et emploi" in changed_table
    assert str(image) in changed_table
    assert "Brouillon" in changed_table
    assert "Publié" in changed_table


def test_a_file_is_shown_by_its_name(staff_client, image):
    edit(staff_client, image, alt_text="Remise des diplômes 2025")
    html = staff_client.get(compare_url(image, oldest_version(image))).content.decode()
    changed_table = html.split('id="champs-modifies"')[1].split("</table>")[0]
    assert "Soutenance" in changed_table
    assert "Remise" in changed_table
    unchanged = html.split("<details")[1].split("</details>")[0]
    assert image.file.name in unchanged


def test_the_site_identity_can_be_compared(staff_client, site_content):
    identity = SiteIdentity.load()
    old_phone = identity.ufr_phone
    edit(staff_client, identity, ufr_phone="03 72 74 00 00")
    html = staff_client.get(compare_url(identity, oldest_version(identity))).content.decode()
    changed_table = html.split('id="champs-modifies"')[1].split("</table>")[0]
    assert "Téléphone" in changed_table or "téléphone" in changed_table
    assert old_phone.split()[-1] in changed_table
    assert "00" in changed_table


def test_staff_without_the_view_permission_are_refused(client, django_user_model, section):
    make_staff(django_user_model, "autre@univ-lorraine.fr", SECRETARIAT)
    user = django_user_model.objects.get(email="autre@univ-lorraine.fr")
    user.groups.clear()
    user.groups.add(Group.objects.create(name="Sans droits"))
    client.force_login(user)
    with reversion.create_revision():
        section.save()
    response = client.get(compare_url(section, oldest_version(section)))
    assert response.status_code == 403


def test_an_unknown_version_gives_a_404(staff_client, section):
    edit(staff_client, section, body=NEW_BODY)
    url = reverse("admin:programme_section_compare", args=[section.pk, 999999])
    assert staff_client.get(url).status_code == 404


def test_a_version_of_another_record_gives_a_404(staff_client, section):
    other = Section.objects.create(title="Débouchés", slug="debouches", body=OLD_BODY)
    edit(staff_client, other, body=NEW_BODY)
    url = reverse("admin:programme_section_compare", args=[section.pk, oldest_version(other).pk])
    assert staff_client.get(url).status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_comparison_page_is_accessible_and_opens_from_the_history(
    live_server, page, site_content, secretariat_user, assert_accessible
):
    section = Section.objects.create(title="Objectifs", slug="objectifs", body=OLD_BODY)
    with reversion.create_revision():
        section.save()
    section.body = NEW_BODY
    with reversion.create_revision():
        section.save()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("admin:programme_section_history", args=[section.pk]))
    assert_accessible(page)
    page.get_by_role("link", name="Comparer").last.click()
    expect(page.locator("h1")).to_contain_text("Comparer « Objectifs »")
    expect(page.locator("#champs-modifies del")).to_contain_text("sociales.")
    expect(page.locator("#champs-modifies ins")).to_contain_text("publiques.")
    page.locator(".compare-unchanged summary").click()
    expect(page.locator("#champs-inchanges")).to_contain_text("Objectifs")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    page.get_by_role("link", name="Restaurer cette version").click()
    expect(page.locator("#content")).to_contain_text("Enregistrer")
