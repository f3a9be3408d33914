"""No page promises content that is not there: a visitor never reads « sera publié »."""

import re

import pytest
from django.urls import reverse

from tests.html import parse_html, text_of

PLACEHOLDERS = re.compile(
    r"sera publié|seront (annoncé|détaillé|publié)|à compléter|à venir prochainement",
    re.IGNORECASE,
)

PUBLIC_PAGES = [
    "home",
    "programme:presentation",
    "news:list",
    "alumni:directory",
    "documents:list",
    "pages:access_map",
    "pages:legal_notice",
    "pages:accessibility",
    "pages:privacy",
    "pages:contact",
    "site_map",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_a_fresh_site_promises_nothing_to_visitors(client, site_content, url_name):
    """The site as `make run` starts it: the original content, an empty fiche otherwise."""
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    main = parse_html(response).find(".//main")
    found = PLACEHOLDERS.findall(text_of(main))
    assert not found, f"{url_name} : {found}"
