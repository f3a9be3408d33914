"""Shareable preview links: a draft shown without an account, until expiry or revocation."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from core.models import PreviewLink
from core.preview import (
    PREVIEW_PARAMETER,
    preview_link_create,
    preview_link_revoke,
    preview_url,
)
from core.publication import PublicationStatus
from tests.programme.conftest import make_section
from tests.programme.test_publication import detail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_presentation")]


def visitor_request(url):
    request = RequestFactory().get(url)
    request.user = AnonymousUser()
    return request


@pytest.fixture
def draft():
    return make_section("Partie en relecture", status=PublicationStatus.DRAFT)


def test_a_valid_link_shows_the_draft_to_a_visitor_with_the_banner(draft, secretariat_user):
    link = preview_link_create(draft, secretariat_user)
    obj, context = detail(visitor_request(preview_url(link)), draft)
    assert obj == draft
    assert context["is_preview"] is True
    assert link.created_by == secretariat_user


def test_the_link_expires_after_the_set_number_of_days(draft, settings):
    settings.PREVIEW_LINK_DAYS = 3
    made_at = timezone.now()
    link = preview_link_create(draft, now=made_at)
    assert link.expires_at == made_at + timedelta(days=3)
    link.expires_at = timezone.now() - timedelta(seconds=1)
    link.save()
    with pytest.raises(Http404):
        detail(visitor_request(preview_url(link)), draft)


def test_a_revoked_link_no_longer_opens_the_draft(draft):
    link = preview_link_create(draft)
    preview_link_revoke(link)
    assert not link.is_active()
    with pytest.raises(Http404):
        detail(visitor_request(preview_url(link)), draft)


@pytest.mark.parametrize("value", ["", "n-importe-quoi", "abc:def", "x" * 500])
def test_a_forged_token_is_404(draft, value):
    with pytest.raises(Http404):
        detail(visitor_request(f"/?{PREVIEW_PARAMETER}={value}"), draft)


def test_an_unsigned_real_token_is_refused(draft):
    link = preview_link_create(draft)
    with pytest.raises(Http404):
        detail(visitor_request(f"/?{PREVIEW_PARAMETER}={link.token}"), draft)


def test_a_link_opens_only_the_record_it_was_made_for(draft):
    other_draft = make_section("Autre brouillon", status=PublicationStatus.DRAFT)
    link = preview_link_create(draft)
    with pytest.raises(Http404):
        detail(visitor_request(preview_url(link)), other_draft)


def test_the_link_keeps_the_anchor_of_the_public_url_last(draft):
    link = preview_link_create(draft)
    url = preview_url(link)
    assert url.startswith(reverse("programme:presentation") + f"?{PREVIEW_PARAMETER}=")
    assert url.endswith(f"#{draft.slug}")
    assert link.token not in url.split(":")[-1]


def test_links_are_listed_per_record_and_only_active_ones_count(draft):
    active = preview_link_create(draft)
    preview_link_revoke(preview_link_create(draft))
    make_section("Sans lien", status=PublicationStatus.DRAFT)
    assert list(PreviewLink.objects.for_object(draft).active()) == [active]


def test_the_presentation_page_shows_a_previewed_draft_section_to_a_visitor(client, draft):
    response = client.get(reverse("programme:presentation"))
    assert "Partie en relecture" not in response.content.decode()

    link = preview_link_create(draft)
    response = client.get(preview_url(link).partition("#")[0])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Partie en relecture" in html
    assert "Brouillon — non visible du public" in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_public_page_is_not_marked_as_a_preview(client):
    response = client.get(reverse("programme:presentation"))
    assert "X-Robots-Tag" not in response


def test_a_previewed_sub_section_comes_with_its_parent(client):
    parent = make_section("Partie publiée", order=1)
    sub_section = make_section("Sous-partie en relecture", parent=parent, status="draft")
    link = preview_link_create(sub_section)
    html = client.get(preview_url(link).partition("#")[0]).content.decode()
    assert "1.</span> Partie publiée" in html
    assert "a.</span> Sous-partie en relecture" in html


def test_a_revoked_link_shows_nothing_more_on_the_presentation_page(client, draft):
    link = preview_link_create(draft)
    preview_link_revoke(link)
    html = client.get(preview_url(link).partition("#")[0]).content.decode()
    assert "Partie en relecture" not in html
    assert "Brouillon — non visible du public" not in html
