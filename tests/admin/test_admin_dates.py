"""The years of the admin's date hierarchies and of the news' year filter come from the date
column's index (backoffice/admin_dates.py, issue 17), with Django's answer: only years that
have records, counted in local time, at every level of the hierarchy."""

import datetime

import pytest
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.urls import reverse

from backoffice.admin_dates import indexed_date_hierarchy
from news.admin import PublicationYearFilter
from news.models import NewsItem
from tests.admin.conftest import make_news, make_phase
from tests.html import parse_html, text_of

pytestmark = pytest.mark.django_db


def news_on(*moments):
    for number, moment in enumerate(moments):
        make_news(f"Actualité {number}", published_at=moment)


def changelist(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.context_data["cl"]


@pytest.mark.parametrize(
    "query", ["", "?published_at__year=2024", "?published_at__year=2024&published_at__month=3"]
)
def test_the_news_hierarchy_is_djangos_at_every_level(staff_client, query):
    news_on(
        datetime.datetime(2022, 5, 1, 10, tzinfo=datetime.UTC),
        datetime.datetime(2024, 3, 2, 10, tzinfo=datetime.UTC),
        datetime.datetime(2024, 3, 9, 10, tzinfo=datetime.UTC),
        # 31 December in UTC, already 1 January in Paris: a news item of 2025.
        datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC),
    )
    response, cl = changelist(staff_client, reverse("admin:news_newsitem_changelist") + query)
    assert indexed_date_hierarchy(cl) == date_hierarchy(cl)
    if not query:
        choices = [choice["title"] for choice in indexed_date_hierarchy(cl)["choices"]]
        assert choices == ["2022", "2024", "2025"]  # no 2023: nothing was published then
        shown = [text_of(link) for link in parse_html(response).iter("a")]
        assert {"2022", "2024", "2025"} <= set(shown)


def test_one_year_of_news_opens_on_its_months_as_django_does(staff_client):
    news_on(
        datetime.datetime(2025, 2, 1, 10, tzinfo=datetime.UTC),
        datetime.datetime(2025, 6, 1, 10, tzinfo=datetime.UTC),
    )
    _response, cl = changelist(staff_client, reverse("admin:news_newsitem_changelist"))
    assert indexed_date_hierarchy(cl) == date_hierarchy(cl)


def test_a_date_column_is_read_as_django_does(staff_client):
    make_phase(datetime.date(2023, 4, 1), datetime.date(2023, 5, 1))
    make_phase(datetime.date(2026, 4, 1), datetime.date(2026, 5, 1), label="Phase complémentaire")
    _response, cl = changelist(staff_client, reverse("admin:programme_admissionphase_changelist"))
    hierarchy = indexed_date_hierarchy(cl)
    assert hierarchy == date_hierarchy(cl)
    assert [choice["title"] for choice in hierarchy["choices"]] == ["2023", "2026"]


def test_an_empty_list_has_no_years(staff_client):
    _response, cl = changelist(staff_client, reverse("admin:news_newsitem_changelist"))
    assert indexed_date_hierarchy(cl) == date_hierarchy(cl)


def test_the_year_filter_offers_the_years_with_news_most_recent_first(rf, staff_client):
    news_on(
        datetime.datetime(2021, 1, 5, 10, tzinfo=datetime.UTC),
        datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC),
    )
    make_news("Brouillon sans date", status="draft", published_at=None)
    expected = [
        (str(moment.year), str(moment.year))
        for moment in NewsItem.objects.exclude(published_at=None).datetimes(
            "published_at", "year", order="DESC"
        )
    ]
    year_filter = PublicationYearFilter(rf.get("/"), {}, NewsItem, None)
    assert year_filter.lookup_choices == expected == [("2025", "2025"), ("2021", "2021")]
