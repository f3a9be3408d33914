"""Drafts, scheduled and published records: `.published()` and the detail mixin decide."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone
from django.views.generic import DetailView

from core.publication import PublicationStatus, PublishableDetailMixin
from programme.models import Section
from tests.programme.conftest import make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_presentation")]


class SectionDetailView(PublishableDetailMixin, DetailView):
    """A detail view as news and documents build theirs (the mixin is what is tested)."""

    model = Section


def detail(request, section):
    view = SectionDetailView()
    view.setup(request, pk=section.pk)
    view.object = view.get_object()
    return view.object, view.get_context_data(object=view.object)


def test_published_returns_only_what_is_public_at_the_given_time():
    now = timezone.now()
    draft = make_section("Brouillon", status=PublicationStatus.DRAFT)
    published = make_section("Publiée", published_at=now - timedelta(days=1))
    scheduled = make_section("Programmée", published_at=now + timedelta(days=2))

    assert list(Section.objects.published(now=now)) == [published]
    assert set(Section.objects.published(now=now + timedelta(days=3))) == {published, scheduled}
    assert list(Section.objects.scheduled(now=now)) == [scheduled]
    assert list(Section.objects.drafts()) == [draft]


def test_a_scheduled_record_appears_by_itself_when_its_time_comes():
    at = timezone.now() + timedelta(hours=2)
    section = make_section("Bientôt", published_at=at)
    assert not section.is_published(now=at - timedelta(seconds=1))
    assert section.is_scheduled(now=at - timedelta(seconds=1))
    assert section.is_published(now=at)
    assert section.publication_label == "Programmé"


def test_publishing_without_a_date_publishes_now():
    before = timezone.now()
    section = make_section("Maintenant")
    assert before <= section.published_at <= timezone.now()
    assert section.publication_label == "Publié"


def test_a_form_publishing_without_a_date_passes_validation():
    section = Section(title="Par le formulaire", status=PublicationStatus.PUBLISHED)
    section.full_clean()
    assert section.published_at is not None


def test_a_draft_keeps_no_date_and_is_labelled_draft():
    section = make_section("Brouillon", status=PublicationStatus.DRAFT)
    assert section.published_at is None
    assert section.publication_label == "Brouillon"


@pytest.mark.parametrize(
    "status, offset",
    [(PublicationStatus.DRAFT, None), (PublicationStatus.PUBLISHED, timedelta(days=1))],
)
def test_unpublished_detail_is_404_for_visitors(status, offset):
    published_at = timezone.now() + offset if offset else None
    section = make_section("Cachée", status=status, published_at=published_at)
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(Http404):
        detail(request, section)


def test_unpublished_detail_is_a_preview_for_staff(secretariat_user):
    section = make_section("Cachée", status=PublicationStatus.DRAFT)
    request = RequestFactory().get("/")
    request.user = secretariat_user
    obj, context = detail(request, section)
    assert obj == section
    assert context["is_preview"] is True


def test_published_detail_is_not_marked_as_preview():
    section = make_section("Publique")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    obj, context = detail(request, section)
    assert obj == section
    assert context["is_preview"] is False
