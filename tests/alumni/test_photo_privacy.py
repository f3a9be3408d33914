"""Alumni photos are personal data: private by default, shown only while consented.

A photo lives in the private storage under a random name and is served by the photo view,
which checks at each request that its entry is published with consent to the photo. These
tests follow a photo from the public form to the directory and back out (rejection,
withdrawal, unpublication, erasure), with the page cache on and with the conditional
headers a browser sends from the former response.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alumni import services
from alumni.models import Alumnus, AlumnusStatus, Portrait, Submission
from core.antispam import SALT
from tests.alumni.conftest import jpeg_upload, png_upload, stored_files
from tests.alumni.test_admin import change_data
from tests.html import elements, errors_in, parse_html

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("alumni:directory")


@pytest.fixture
def page_cache(settings):
    """The public page cache as in production."""
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (file deletion, content version) as production does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def send_update_form(client, upload, email="envoi@exemple.fr"):
    response = client.post(
        reverse("alumni:update"),
        {
            "first_name": "Julie",
            "last_name": "Envoi",
            "email": email,
            "cohort": "2019",
            "consents_to_name": "on",
            "consents_to_photo": "on",
            "photo": upload,
            "form_started": signing.dumps(0, salt=SALT),
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Submission.objects.get(email=email)


def fetch(client, url, method="get", **kwargs):
    """The response, its streamed body read into `body` (which closes the stored file)."""
    response = getattr(client, method)(url, **kwargs)
    response.body = b"".join(response.streaming_content) if response.streaming else b""
    return response


def photo_urls(portrait):
    """The original's address and each resized copy's."""
    return [portrait.src] + [
        reverse("alumni_photos:photo_width", args=[portrait.key, rendition["width"]])
        for rendition in portrait.renditions
    ]


def assert_not_under_media_url(client, settings, portrait):
    """No file of the photo is in the public media, nor answers under MEDIA_URL."""
    assert stored_files(settings.MEDIA_ROOT) == []
    for name in portrait.stored_names():
        assert fetch(client, settings.MEDIA_URL + name).status_code == 404
        assert (settings.PRIVATE_MEDIA_ROOT / name).is_file()


@pytest.fixture
def published_photo(make_alumnus, make_photo):
    """A published entry with a consented photo (a large one: it has resized copies)."""
    return make_alumnus(
        first_name="Claire",
        last_name="Visible",
        email="claire@exemple.fr",
        photo=make_photo(file=jpeg_upload("claire-visible-2019.jpg", size=(1200, 800))),
        consents_to_photo=True,
    )


def test_a_pending_requests_photo_is_reachable_nowhere(client, sectors, settings):
    submission = send_update_form(client, png_upload("julie-envoi.png", size=(1000, 800)))
    portrait = submission.photo
    assert portrait.renditions, "a large photo gets resized copies"
    assert_not_under_media_url(client, settings, portrait)
    for url in photo_urls(portrait):
        assert fetch(client, url).status_code == 404
        assert fetch(client, url, "head").status_code == 404
    assert portrait.src not in client.get(DIRECTORY).content.decode()


def test_a_published_and_consented_photo_is_served_privately_under_a_random_address(
    client, settings, published_photo
):
    portrait = published_photo.photo
    assert_not_under_media_url(client, settings, portrait)
    response = fetch(client, portrait.src)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.body[:3] == b"\xff\xd8\xff"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    # No shared cache keeps it, and a browser asks again each time it shows it.
    assert {"private", "no-cache"} <= cache_control
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] and response["Last-Modified"]
    assert "X-Page-Cache" not in response
    rendition = fetch(client, photo_urls(portrait)[1])
    assert rendition.status_code == 200
    assert rendition["Content-Type"] == "image/webp"
    for url in photo_urls(portrait):
        # Neither the uploaded file's name nor the stored one: a random key.
        assert "claire" not in url.lower()
        assert all(
            name.rsplit("/", 1)[-1].split(".")[0] not in url for name in portrait.stored_names()
        )
    # A width that was never prepared, or an unknown key, is a plain 404.
    unprepared = reverse("alumni_photos:photo_width", args=[portrait.key, 123])
    assert fetch(client, unprepared).status_code == 404
    assert fetch(client, reverse("alumni_photos:photo", args=["inconnue"])).status_code == 404
    for hostile in ("%00", "..%2F..%2Fprivate-media", "a" * 500, portrait.key + "%27"):
        assert fetch(client, f"{DIRECTORY}photos/{hostile}/").status_code == 404, hostile


def test_a_browser_revalidating_the_photo_gets_304_while_it_is_public(client, published_photo):
    url = published_photo.photo.src
    first = fetch(client, url)
    again = fetch(client, url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert "private" in again["Cache-Control"]
    since = fetch(client, url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_the_directory_shows_the_photo_with_srcset_size_and_alt(client, published_photo):
    portrait = published_photo.photo
    [(image, _text)] = elements(client.get(DIRECTORY).content, "img", "alumni-card__photo")
    assert image["src"] == portrait.src
    sources = [candidate.split()[0] for candidate in image["srcset"].split(",")]
    assert sources == photo_urls(portrait)[1:] + [portrait.src]
    assert (image["width"], image["height"]) == ("1200", "800")
    assert image["alt"] == "Portrait"
    assert image["loading"] == "lazy"


def former_responses(client, published_photo):
    """The directory (cached) and the photo as a browser last saw them."""
    client.get(DIRECTORY)
    directory = client.get(DIRECTORY)
    assert directory["X-Page-Cache"] == "hit"
    assert published_photo.photo.src in directory.content.decode()
    photos = {url: fetch(client, url) for url in photo_urls(published_photo.photo)}
    assert all(response.status_code == 200 for response in photos.values())
    return directory, photos


def assert_gone_at_once(client, directory, photos):
    """The very next requests, even conditional ones from the former responses: no photo."""
    for url, former in photos.items():
        for headers in (
            {},
            {"If-None-Match": former["ETag"]},
            {"If-Modified-Since": former["Last-Modified"]},
        ):
            assert fetch(client, url, headers=headers).status_code == 404, (url, headers)
    page = client.get(DIRECTORY, headers={"If-None-Match": directory["ETag"]})
    assert page.status_code == 200
    assert page.get("X-Page-Cache") != "hit"
    html = page.content.decode()
    assert all(url not in html for url in photos)
    assert "/photos/" not in html


def test_withdrawing_photo_consent_removes_it_at_the_next_request(
    client, page_cache, published_photo, on_commit, settings
):
    directory, photos = former_responses(client, published_photo)
    names = published_photo.photo.stored_names()
    path = reverse(
        "alumni:withdraw_confirm", args=[services.withdrawal_token(published_photo, ["photo"])]
    )
    with on_commit():
        assert client.post(path).status_code == 200
    assert_gone_at_once(client, directory, photos)
    assert not any((settings.PRIVATE_MEDIA_ROOT / name).exists() for name in names)


def test_consent_unticked_by_staff_hides_the_photo_at_the_next_request(
    client, staff_client, page_cache, published_photo, on_commit
):
    directory, photos = former_responses(client, published_photo)
    data = change_data(published_photo, consent_method="email")
    del data["consents_to_photo"]
    url = reverse("admin:alumni_alumnus_change", args=[published_photo.pk])
    with on_commit():
        response = staff_client.post(url, data)
    assert response.status_code == 302, errors_in(parse_html(response))
    assert_gone_at_once(client, directory, photos)


def test_hiding_the_entry_hides_its_photo_at_the_next_request(
    client, staff_client, page_cache, published_photo, on_commit
):
    directory, photos = former_responses(client, published_photo)
    with on_commit():
        staff_client.post(
            reverse("admin:alumni_alumnus_changelist"),
            {"action": "hide", "_selected_action": [published_photo.pk]},
        )
    assert Alumnus.objects.get().status == AlumnusStatus.HIDDEN
    assert_gone_at_once(client, directory, photos)


def test_erasure_removes_the_photo_at_the_next_request_and_leaves_no_file(
    client, staff_client, page_cache, published_photo, on_commit, settings
):
    directory, photos = former_responses(client, published_photo)
    assert stored_files(settings.PRIVATE_MEDIA_ROOT)
    with on_commit():
        response = staff_client.post(
            reverse("admin:alumni_alumnus_delete", args=[published_photo.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert_gone_at_once(client, directory, photos)
    assert not Portrait.objects.exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []
    assert stored_files(settings.MEDIA_ROOT) == []


def test_staff_see_a_pending_photo_for_moderation_but_no_cache_keeps_it(
    client, staff_client, sectors, on_commit, settings
):
    portrait = send_update_form(client, png_upload("julie-envoi.png")).photo
    page = staff_client.get(
        reverse("admin:alumni_submission_change", args=[Submission.objects.get().pk])
    )
    [(image, _text)] = [
        found for found in elements(page.content, "img") if found[0].get("src") == portrait.src
    ]
    response = fetch(staff_client, portrait.src)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert fetch(client, portrait.src).status_code == 404  # visitors still do not

    with on_commit():
        services.submission_reject(Submission.objects.get())
    assert fetch(staff_client, portrait.src).status_code == 404
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []


def test_staff_without_the_view_permission_do_not_see_a_pending_photo(
    client, staff_client, secretariat_user, sectors
):
    portrait = send_update_form(client, png_upload()).photo
    for group in secretariat_user.groups.all():
        group.permissions.remove(Permission.objects.get(codename="view_portrait"))
    assert fetch(staff_client, portrait.src).status_code == 404


def test_a_photo_uploaded_in_the_admin_goes_to_the_private_storage(
    client, staff_client, make_alumnus, make_photo, on_commit, settings
):
    alumnus = make_alumnus(photo=make_photo(), consents_to_photo=True)
    previous = alumnus.photo
    previous_names = previous.stored_names()
    url = reverse("admin:alumni_alumnus_change", args=[alumnus.pk])
    with on_commit():
        response = staff_client.post(
            url, change_data(alumnus, photo_upload=jpeg_upload("nouvelle-photo-admin.jpg"))
        )
    assert response.status_code == 302, errors_in(parse_html(response))
    alumnus.refresh_from_db()
    assert alumnus.photo is not None and alumnus.photo != previous
    assert "nouvelle-photo-admin" not in alumnus.photo.file.name
    assert alumnus.photo.alt_text == f"Portrait de {alumnus.full_name}"
    assert_not_under_media_url(client, settings, alumnus.photo)
    assert fetch(client, alumnus.photo.src).status_code == 200
    assert not Portrait.objects.filter(pk=previous.pk).exists()
    assert not any((settings.PRIVATE_MEDIA_ROOT / name).exists() for name in previous_names)
    assert fetch(client, previous.src).status_code == 404

    # The change page shows the current photo through the photo view.
    page = staff_client.get(url)
    assert alumnus.photo.src in {attrs.get("src") for attrs, _text in elements(page.content, "img")}

    names = alumnus.photo.stored_names()
    with on_commit():
        response = staff_client.post(url, change_data(alumnus, remove_photo="on"))
    assert response.status_code == 302
    alumnus.refresh_from_db()
    assert alumnus.photo is None
    assert not Portrait.objects.exists()
    assert not any((settings.PRIVATE_MEDIA_ROOT / name).exists() for name in names)


def test_a_bad_photo_in_the_admin_is_refused_in_french_and_nothing_is_written(
    staff_client, make_alumnus, settings
):
    alumnus = make_alumnus()
    url = reverse("admin:alumni_alumnus_change", args=[alumnus.pk])
    fake = SimpleUploadedFile("piege.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = staff_client.post(url, change_data(alumnus, photo_upload=fake, city="Épinal"))
    assert response.status_code == 200
    assert "n'est pas une image lisible" in errors_in(parse_html(response))
    both = staff_client.post(
        url, change_data(alumnus, photo_upload=jpeg_upload(), remove_photo="on")
    )
    assert both.status_code == 200
    assert "pas les deux à la fois" in errors_in(parse_html(both))
    alumnus.refresh_from_db()
    assert alumnus.city == "Metz" and alumnus.photo is None
    assert not Portrait.objects.exists()
    assert stored_files(settings.PRIVATE_MEDIA_ROOT) == []
    assert stored_files(settings.MEDIA_ROOT) == []
