"""The fiche's admin form in a real Chromium: each French field with its English twin at its
right on a wide screen, one under the other on a narrow one (static/admin-extra/)."""

import pytest
from django.urls import reverse

from programme.models import Programme
from tests.admin.test_browser import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 600])
def test_french_and_english_share_a_row_on_wide_screens(
    live_server, page, site_content, secretariat_user, width, tmp_path
):
    log_in(page, live_server)
    page.set_viewport_size({"width": width, "height": 900})
    url = reverse("admin:programme_programme_change", args=[Programme.load().pk])
    page.goto(live_server.url + url)
    for name in ("name", "pitch", "rhythm"):
        french = page.locator(f"#id_{name}").bounding_box()
        english = page.locator(f"#id_{name}_en").bounding_box()
        if width >= 1024:
            assert english["x"] > french["x"] + french["width"] / 2, name
            assert abs(english["y"] - french["y"]) < 60, name
        else:
            assert english["y"] > french["y"] + french["height"] / 2, name
        assert english["width"] >= 150, name
    page.screenshot(path=tmp_path / f"fiche-{width}.png", full_page=True)
