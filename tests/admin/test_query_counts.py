"""Every admin list and change form the Secrétariat opens runs the same number of queries
with a few records or many (issue 17: the admin at 10,000 news items stays fast), lists
searched and narrowed to a year of their date hierarchy included.

The records come from the demo generators (news, alumni, documents, sections…), the same
ones `generate_demo_content` uses for the large measurements; the other models keep what
the migrations load. « Many » is more than one page of a list (50 rows), so that the
rows shown change and nothing loads row by row unnoticed.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.registry import demo_generators
from operations.demo import demo_content_generate

FEW = 2
MANY = 60

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)


def add_demo_records(count):
    for key in sorted(demo_generators()):
        demo_content_generate(key, count)


def counted_get(client, url):
    client.get(url)  # fills what a first visit caches (identity, menus, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in {200, 403}, (url, response.status_code)
    return response.status_code, len(queries)


def list_urls(model, model_admin):
    """The list as staff open it, then searched and narrowed to a year of its dates: the
    search and the date hierarchy read the table too."""
    info = model._meta.app_label, model._meta.model_name
    url = reverse("admin:{}_{}_changelist".format(*info))
    urls = [url]
    if model_admin.search_fields:
        urls.append(f"{url}?q=demo")
    if model_admin.date_hierarchy:
        urls.append(f"{url}?{model_admin.date_hierarchy}__year={timezone.localdate().year}")
    return urls


def newest_record_url(model):
    record = model._default_manager.order_by("-pk").first()
    if record is None:
        return None
    info = model._meta.app_label, model._meta.model_name
    return reverse("admin:{}_{}_change".format(*info), args=[record.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[m._meta.label_lower for m, _ in REGISTERED]
)
def test_list_and_change_form_run_as_many_queries_for_few_or_many_records(
    staff_client, model, model_admin
):
    add_demo_records(FEW)
    few_lists = [counted_get(staff_client, url) for url in list_urls(model, model_admin)]
    # The same record at both sizes: a sub-part and a top-level part, say, may differ by
    # a query, and only what the other records change is of interest here.
    form_url = newest_record_url(model)
    few_form = counted_get(staff_client, form_url) if form_url else None

    add_demo_records(MANY - FEW)
    assert [counted_get(staff_client, url) for url in list_urls(model, model_admin)] == few_lists
    if form_url:
        assert counted_get(staff_client, form_url) == few_form


def test_the_guard_covers_the_large_lists():
    """The models that grow to thousands are among those checked, with records."""
    labels = {model._meta.label_lower for model, _ in REGISTERED}
    assert {"news.newsitem", "alumni.alumnus", "documents.document"} <= labels
    assert {"news", "alumni", "documents"} <= set(demo_generators())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTERED, ids=[m._meta.label_lower for m, _ in REGISTERED]
)
def test_a_change_form_reads_its_record_once(staff_client, model, model_admin):
    # The admin's layers (titles, checks, approval workflow, Django's view) each ask for
    # the record: backoffice.fetched_once keeps the first answer for the request.
    add_demo_records(FEW)
    records = model._default_manager.order_by("-pk")
    if model is get_user_model():  # the signed-in member's row is read for the session
        records = records.exclude(pk=staff_client.session["_auth_user_id"])
    record = records.first()
    if record is None:
        return  # nothing of this kind in the demo content: no change form to open
    info = model._meta.app_label, model._meta.model_name
    form_url = reverse("admin:{}_{}_change".format(*info), args=[record.pk])
    staff_client.get(form_url)
    quote = connection.ops.quote_name
    by_key = f"{quote(model._meta.db_table)}.{quote(model._meta.pk.column)} = {record.pk}"
    with CaptureQueriesContext(connection) as queries:
        staff_client.get(form_url)
    # The record as get_object() reads it (QuerySet.get()), not checks about it (EXISTS).
    record_reads = [
        query["sql"]
        for query in queries.captured_queries
        if by_key in query["sql"] and query["sql"].endswith("LIMIT 21")
    ]
    assert len(record_reads) <= 1, record_reads
