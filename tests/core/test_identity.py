"""The site identity: its logos and banner go through the image pipeline, its phone is
written the French way with an international link, and the header shows them."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PillowImage

from core.models import Image, SiteIdentity, phone_display, phone_uri
from tests.html import parse_html
from tests.migrations import migrate_back_to, migrate_to_latest
from tests.programme.conftest import image_bytes, upload


def logo_with_metadata():
    exif = PillowImage.Exif()
    exif[0x010F] = "Appareil photo"
    exif[0x8825] = {1: "N", 2: (48.0, 6.0, 0.0)}  # GPS position
    return image_bytes(size=(1200, 400), exif=exif)


def identity_image(alt_text="Université de Lorraine", **fields):
    image = Image(file=upload("logo.jpg", logo_with_metadata()), alt_text=alt_text, **fields)
    image.full_clean()
    image.save()
    return image


@pytest.mark.django_db
def test_identity_logos_are_images_stripped_of_their_metadata_with_renditions(site_content):
    identity = SiteIdentity.load()
    identity.university_logo = identity_image()
    identity.save()
    logo = SiteIdentity.objects.get().university_logo
    with PillowImage.open(logo.file.path) as stored:
        assert dict(stored.getexif()) == {}
    assert [rendition["width"] for rendition in logo.renditions] == [480, 960]


@pytest.mark.django_db
def test_an_identity_image_needs_an_alt_text_or_to_be_decorative():
    with pytest.raises(ValidationError) as excinfo:
        Image(file=upload("logo.jpg", logo_with_metadata()), alt_text="").full_clean()
    assert "alt_text" in excinfo.value.message_dict
    Image(
        file=upload("bandeau.jpg", logo_with_metadata()), alt_text="", is_decorative=True
    ).full_clean()


@pytest.mark.django_db
def test_header_shows_the_uploaded_logos_with_their_alt_text_and_sizes(
    client, site_content, django_capture_on_commit_callbacks
):
    identity = SiteIdentity.load()
    identity.university_logo = identity_image("Université de Lorraine")
    identity.ufr_logo = identity_image("UFR Sciences Humaines & Arts")
    identity.banner = identity_image("", is_decorative=True)
    with django_capture_on_commit_callbacks(execute=True):  # the cached identity is dropped
        identity.save()
    tree = parse_html(client.get(reverse("home")))
    home_link = tree.find(".//header//a[@class='site-header__brand']")
    logos = home_link.findall(".//img")
    assert [logo.get("alt") for logo in logos] == [
        "Université de Lorraine",
        "UFR Sciences Humaines & Arts",
    ]
    assert all(logo.get("srcset") and logo.get("width") and logo.get("height") for logo in logos)
    # The home page shows the banner in its opening block, the other pages under the header.
    hero_banner = tree.find(".//main//div[@class='hero__banner']/img")
    assert hero_banner.get("alt") == "" and "480w" in hero_banner.get("srcset")
    assert tree.find(".//div[@class='site-banner']") is None
    tree = parse_html(client.get(reverse("pages:contact")))
    banner = tree.find(".//div[@class='site-banner']/img")
    assert banner.get("alt") == "" and "480w" in banner.get("srcset")


@pytest.mark.django_db
def test_without_logos_the_header_shows_the_sites_own_mark_and_banner(client, site_content):
    tree = parse_html(client.get(reverse("home")))
    mark = tree.find(".//header//img[@class='site-header__mark']")
    assert mark.get("src").endswith("img/mark.svg") and mark.get("alt") == ""
    hero_banner = tree.find(".//main//div[@class='hero__banner']/img")
    assert hero_banner.get("src").endswith("img/banner.svg") and hero_banner.get("alt") == ""
    tree = parse_html(client.get(reverse("pages:contact")))
    banner = tree.find(".//div[@class='site-banner site-banner--default']/img")
    assert banner.get("src").endswith("img/banner.svg")


@pytest.mark.django_db
def test_header_links_the_phone_internationally_and_the_contact_page(client, site_content):
    SiteIdentity.objects.filter(pk=1).update(ufr_phone="33 (0)3 87 31 56 38")
    cache.delete(SiteIdentity.CACHE_KEY)
    tree = parse_html(client.get(reverse("home")))
    phone = tree.find(".//header//a[@class='site-header__phone']")
    assert phone.get("href") == "tel:+33387315638"
    assert "".join(phone.itertext()).endswith("03 87 31 56 38")
    contact = tree.find(".//header//a[@class='site-header__contact-link']")
    assert contact.get("href") == reverse("pages:contact") and contact.text == "Contact"


@pytest.mark.parametrize(
    "written",
    ["03 87 31 56 38", "+33 (0)3 87 31 56 38", "33 (0)3 87 31 56 38", "0033 3 87 31 56 38"],
)
def test_a_french_number_is_shown_the_french_way_and_dialled_internationally(written):
    assert phone_uri(written) == "tel:+33387315638"
    assert phone_display(written) == "03 87 31 56 38"


def test_a_foreign_number_is_shown_as_written():
    assert phone_display("+49 30 1234") == "+49 30 1234"
    assert phone_uri("+49 30 1234") == "tel:+49301234"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_uploaded_logo_moves_into_the_image_pipeline_on_migration(settings):
    try:
        apps = migrate_back_to([("core", "0001_initial")])
        OldIdentity = apps.get_model("core", "SiteIdentity")
        identity = OldIdentity(pk=1, ufr_name="UFR SHA", ufr_address="Metz", ufr_phone="1")
        identity.university_name = "UL"
        identity.university_address = "Nancy"
        identity.university_phone = "2"
        identity.logo.save("logo.jpg", ContentFile(logo_with_metadata()), save=False)
        OldIdentity.objects.filter(pk=1).delete()
        identity.save()
    finally:
        migrate_to_latest()
    logo = SiteIdentity.objects.select_related("ufr_logo").get().ufr_logo
    assert logo.alt_text == "UFR SHA"
    assert (logo.width, logo.height) == (1200, 400) and logo.renditions
    with PillowImage.open(logo.file.path) as stored:
        assert dict(stored.getexif()) == {}
