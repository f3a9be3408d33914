"""Property-based tests (Hypothesis) of every public form and every query-string parameter of
the public pages: whatever is sent, no server error; a refused form comes back with every
value typed; each request is answered within the deadline.

Examples stay few (a handful of seconds a test); Hypothesis keeps the failing ones it finds in
its database and replays them first. The fields tried are read from each form as the page
renders it, so a field added later is tried too.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.preview import PREVIEW_PARAMETER
from core.publication import PublicationStatus
from news.models import Category, NewsItem
from pages.models import ContactMessage
from tests.html import parse_html, typed_values
from tests.security.conftest import alumni_data, contact_data, withdrawal_data

pytestmark = pytest.mark.django_db

# Function-scoped fixtures (the database, the client) are shared by a test's examples: the
# examples undo nothing they need undone (each starts with an empty rate-limit cache).
FEW_EXAMPLES = settings(
    max_examples=25,
    # Generous for a loaded CI machine (an answer takes tens of milliseconds): what it
    # catches is an input that makes a request hang (runaway pattern, huge number).
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a browser can send in a form field: any character but lone surrogates, which no
# encoding carries.
typed_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
hostile_text = st.one_of(
    typed_text,
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "'; DROP TABLE pages_contactmessage; --",
            '=HYPERLINK("https://pirate.example")',
            "a" * 10_000,
            "\r\nBcc: pirate@exemple.fr",
            "../../etc/passwd",
            "%00%0d%0a",
            "9" * 5000,
            "-1",
            "1e309",
            "😀" * 50,
        ]
    ),
)


def form_fields(client, url):
    """Names of the fields a visitor fills on the page (text, choices, boxes), as rendered."""
    tree = parse_html(client.get(url))
    form = next(form for form in tree.iter("form") if form.get("method", "").lower() == "post")
    names = {
        element.get("name")
        for tag in ("input", "textarea", "select")
        for element in form.iter(tag)
        if element.get("name") and element.get("type") not in ("hidden", "submit", "file")
    }
    return sorted(names - {"website"})


def browser_value(value):
    # HTML parsing (the browser's, and html.parser's) turns CR and CRLF into LF.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def check_form(client, url, valid, data):
    cache.clear()  # each example is a visitor of its own, under no rate limit
    posted = {**valid, **data}
    response = client.post(url, posted)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        page = response.content.decode()
        assert "form-errors" in page, "refusé sans message"
        kept = typed_values(response)
        lost = {
            name: (value, kept.get(name))
            for name, value in data.items()
            if isinstance(value, str)
            and name in kept
            and browser_value(kept[name]) != browser_value(value)
            and "\x00" not in value
        }
        assert lost == {}


def mutations(names):
    """Some fields (among `names`) replaced by hostile values, others left valid."""
    return st.dictionaries(st.sampled_from(names), hostile_text, max_size=len(names))


def test_contact_form_never_fails_and_never_loses_what_was_typed(client, site_content):
    url = reverse("pages:contact")
    names = form_fields(client, url)
    assert {"name", "email", "subject", "message", "consent"} <= set(names)

    @FEW_EXAMPLES
    @given(data=mutations(names))
    def sending(data):
        before = ContactMessage.objects.count()
        valid = contact_data()
        check_form(client, url, valid, data)
        if ContactMessage.objects.count() > before:
            stored = ContactMessage.objects.latest("pk")
            assert stored.message == {**valid, **data}["message"].strip()

    sending()


def test_alumni_update_form_never_fails_and_never_loses_what_was_typed(
    client, site_content, sector
):
    url = reverse("alumni:update")
    names = form_fields(client, url)
    assert {"first_name", "last_name", "email", "testimonial", "consents_to_name"} <= set(names)

    @FEW_EXAMPLES
    @given(data=mutations(names))
    def sending(data):
        check_form(client, url, alumni_data(sector), data)

    sending()


def test_consent_withdrawal_form_never_fails_and_never_loses_what_was_typed(client, site_content):
    url = reverse("alumni:withdraw")
    names = form_fields(client, url)
    assert {"email", "scopes"} <= set(names)

    @FEW_EXAMPLES
    @given(data=mutations(names), scopes=st.lists(hostile_text, max_size=4))
    def sending(data, scopes):
        check_form(client, url, withdrawal_data(), {**data, "scopes": scopes})

    sending()


def test_password_reset_form_never_fails(client, secretariat_user):
    url = reverse("admin_password_reset")

    @FEW_EXAMPLES
    @given(email=hostile_text)
    def sending(email):
        cache.clear()
        response = client.post(url, {"email": email})
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert browser_value(typed_values(response)["email"]) == browser_value(email)

    sending()


# --- Query strings ------------------------------------------------------------------------


@pytest.fixture
def news_item(site_content):
    return NewsItem.objects.create(
        title="Soutenances",
        slug="soutenances",
        summary="Résumé.",
        body="<p>Texte.</p>",
        category=Category.objects.get(slug="vie-du-master"),
        status=PublicationStatus.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=1),
    )


def public_parameters(news_item):
    """Each public page with the query-string parameters it reads."""
    return {
        reverse("home"): [PREVIEW_PARAMETER],
        reverse("news:list"): ["categorie", "annee", "page"],
        news_item.get_absolute_url(): [PREVIEW_PARAMETER],
        reverse("alumni:directory"): ["q", "promotion", "secteur", "page"],
        reverse("documents:list"): ["page"],
        reverse("search"): ["q", "page"],
        reverse("programme:presentation"): [PREVIEW_PARAMETER],
        reverse("pages:contact"): ["envoye"],
        reverse("site_map"): [],
        reverse("news:feed"): [],
    }


def test_no_query_string_gives_a_server_error_on_any_public_page(news_item):
    client = Client()
    pages = public_parameters(news_item)

    @FEW_EXAMPLES
    @given(
        path=st.sampled_from(sorted(pages)),
        values=st.lists(hostile_text, min_size=1, max_size=4),
        stranger=st.tuples(typed_text, hostile_text),
    )
    def visiting(path, values, stranger):
        names = pages[path] or ["x"]
        query = dict(zip(names, values, strict=False))
        query[stranger[0] or "inconnu"] = stranger[1]
        response = client.get(path, query)
        assert response.status_code in (200, 301, 302, 404), (path, query)

    visiting()


def test_staff_calendar_period_never_gives_a_server_error(staff_client):
    url = reverse("admin:calendar")

    @FEW_EXAMPLES
    @given(days=hostile_text)
    def visiting(days):
        response = staff_client.get(url, {"jours": days})
        assert response.status_code == 200

    visiting()
