"""Alumni pages in a real Chromium: accessibility, 320 px, the update-to-directory journey."""

import datetime
import time

import pytest
from django.core import signing
from django.urls import reverse

from alumni import services
from alumni.models import Alumnus, OfficialOutcome
from alumni.services import withdrawal_token
from backoffice.roles import SECRETARIAT
from core.antispam import SALT
from tests.alumni.conftest import jpeg_upload
from tests.staff import SECRETARIAT_EMAIL, SECRETARIAT_PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def populated_directory(site_content, make_alumnus, make_photo, sectors):
    photo = make_photo(file=jpeg_upload("sourire.jpg"))
    make_alumnus(
        first_name="Sophie",
        last_name="Témoin",
        cohort=2023,
        photo=photo,
        consents_to_photo=True,
        testimonial="Le master m'a appris à conduire des projets avec tous les partenaires.",
        consents_to_testimonial=True,
        is_highlighted=True,
        profile_url="https://www.linkedin.com/in/sophie-temoin",
    )
    for index in range(30):
        make_alumnus(cohort=2015 + index % 8, sector=list(sectors.values())[index % 7])
    OfficialOutcome.objects.create(
        cohort=2022,
        insertion_rate_18_months="88",
        insertion_rate_30_months="94.5",
        median_net_monthly_salary=2100,
        response_rate="70",
        surveyed_on=datetime.date(2024, 12, 1),
        source_url="https://www.univ-lorraine.fr/observatoire",
    )


PAGES = [
    reverse("alumni:directory"),
    reverse("alumni:directory") + "?page=2",
    reverse("alumni:directory") + "?promotion=abc",
    reverse("alumni:update"),
    reverse("alumni:update_sent"),
    reverse("alumni:withdraw"),
    reverse("alumni:withdraw_sent"),
]


def test_alumni_pages_are_accessible(live_server, page, populated_directory, assert_accessible):
    alumnus = Alumnus.objects.first()
    confirm = reverse("alumni:withdraw_confirm", args=[withdrawal_token(alumnus, ["photo"])])
    for path in [*PAGES, confirm]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").count() == 1, path
        # Open the collapsed parts so that axe checks them too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert_accessible(page)


def test_form_errors_are_accessible(live_server, page, populated_directory, assert_accessible):
    page.goto(live_server.url + reverse("alumni:update"))
    page.fill("#id_email", "pas-une-adresse")
    page.click("main button[type=submit]")
    assert page.locator(".form-errors").is_visible()
    assert "Ce champ est obligatoire." in page.content()
    assert_accessible(page)


def test_alumni_pages_hold_up_at_320_pixels(live_server, page, populated_directory, tmp_path):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in PAGES:
        page.goto(live_server.url + path)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = page.evaluate("document.documentElement.scrollWidth")
        culprits = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
            " > 320).map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert width <= 320, f"{path} déborde : {width}px ({culprits})"
    page.goto(live_server.url + reverse("alumni:directory"))
    page.screenshot(path=tmp_path / "annuaire-320.png", full_page=True)


def test_directory_filters_work_with_the_keyboard(live_server, page, populated_directory):
    page.goto(live_server.url + reverse("alumni:directory"))
    page.focus("#id_q")
    page.keyboard.type("Témoin")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=T*")
    assert page.locator(".alumni-card").count() == 1
    assert "Sophie Témoin" in page.locator(".alumni-card").inner_text()


def test_update_with_photo_approved_in_admin_appears_with_exactly_the_consented_fields(
    live_server, page, site_content, sectors, django_user_model, tmp_path
):
    # A visitor sends an update with a photo, agreeing to publish name and photo only.
    page.goto(live_server.url + reverse("alumni:update"))
    page.fill("#id_first_name", "Nora")
    page.fill("#id_last_name", "Parcours")
    page.fill("#id_email", "nora.parcours@exemple.fr")
    page.fill("#id_cohort", "2021")
    page.fill("#id_position", "Cheffe de service insertion")
    page.fill("#id_employer", "Conseil départemental de la Moselle")
    page.select_option("#id_sector", label="Collectivité territoriale")
    page.fill("#id_testimonial", "Témoignage que je ne veux pas publier.")
    for box in ("name", "career", "photo", "testimonial"):
        assert not page.is_checked(f"#id_consents_to_{box}")
    page.check("#id_consents_to_name")
    page.check("#id_consents_to_photo")
    photo = tmp_path / "nora.jpg"
    photo.write_bytes(jpeg_upload("nora.jpg").read())
    page.set_input_files("#id_photo", str(photo))
    # Stand in for the few seconds a person takes to fill the form (minimum fill time).
    page.evaluate(
        "value => document.querySelector('[name=form_started]').value = value",
        signing.dumps(time.time() - 60, salt=SALT),
    )
    page.click("main button[type=submit]")
    page.wait_for_url("**" + reverse("alumni:update_sent"))
    assert "Merci, votre demande est bien envoyée" in page.content()
    page.goto(live_server.url + reverse("alumni:directory"))
    assert "Nora Parcours" not in page.content()  # not before review

    # Staff approve it in the admin.
    make_staff(django_user_model, SECRETARIAT_EMAIL, SECRETARIAT)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", SECRETARIAT_EMAIL)
    page.fill("#id_password", SECRETARIAT_PASSWORD)
    page.click("input[type=submit]")
    page.goto(live_server.url + reverse("admin:alumni_submission_changelist"))
    page.click("text=Nora Parcours")
    page.click("input[name=_approve]")
    assert "Demande approuvée" in page.locator(".messagelist").inner_text()

    # It appears in the directory with exactly the consented fields.
    page.goto(live_server.url + reverse("alumni:directory"))
    card = page.locator(".alumni-card", has_text="Nora Parcours")
    assert card.count() == 1
    image = card.locator("img")
    assert image.count() == 1
    assert image.get_attribute("alt") == "Portrait de Nora Parcours"
    portrait = Alumnus.objects.get().photo
    assert image.get_attribute("src") == portrait.src
    assert "nora" not in image.get_attribute("srcset").lower()
    content = page.content()
    assert "Cheffe de service insertion" not in content
    assert "Conseil départemental de la Moselle" not in content
    assert "Témoignage que je ne veux pas publier." not in content
    assert "nora.parcours@exemple.fr" not in content
    assert "Promotion 2021" in content

    # A visitor (no session) sees it load too.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("alumni:directory"))
    assert_photo_loads(page, page.locator(".alumni-card", has_text="Nora Parcours").locator("img"))


def assert_photo_loads(page, image):
    """The <img> is drawn: the browser fetched a real picture through the photo view."""
    image.scroll_into_view_if_needed()
    handle = image.element_handle()
    page.wait_for_function("img => img.complete", arg=handle)
    assert image.evaluate("img => img.naturalWidth") > 0
    assert "/anciens-etudiants/photos/" in image.evaluate("img => img.currentSrc")


def test_a_visitor_sees_the_photo_until_its_consent_is_withdrawn(
    live_server, page, populated_directory
):
    page.set_viewport_size({"width": 320, "height": 640})
    alumnus = Alumnus.objects.get(last_name="Témoin")
    photo_requests = []
    page.on(
        "response",
        lambda response: (
            "/photos/" in response.url and photo_requests.append((response.url, response.status))
        ),
    )
    page.goto(live_server.url + reverse("alumni:directory"))
    card = page.locator(".alumni-card", has_text="Sophie Témoin")
    assert_photo_loads(page, card.locator("img"))
    assert photo_requests and all(status == 200 for _url, status in photo_requests)

    services.consent_withdraw(alumnus, ["photo"])
    page.reload()
    assert page.locator(".alumni-card", has_text="Sophie Témoin").locator("img").count() == 0
    for url, _status in photo_requests:
        assert page.request.get(url).status == 404
