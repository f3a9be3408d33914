"""TextCompressionMiddleware: pages, feeds and calendars gzipped; files left as they are."""

import gzip
import io

import pytest
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from config.middleware import TextCompressionMiddleware

TEXT = b"Master IPPS, Metz. " * 40


def compressed(response, accept="gzip, deflate, br"):
    request = RequestFactory().get("/", headers={"Accept-Encoding": accept})
    return TextCompressionMiddleware(lambda _request: response)(request)


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "application/rss+xml; charset=utf-8",
        "text/calendar; charset=utf-8",
        "application/json",
    ],
)
def test_text_answers_are_gzipped(content_type):
    response = compressed(HttpResponse(TEXT, content_type=content_type))
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == TEXT


def test_only_for_browsers_that_accept_gzip():
    response = compressed(HttpResponse(TEXT), accept="identity")
    assert not response.has_header("Content-Encoding")
    assert response.content == TEXT and "Accept-Encoding" in response["Vary"]


def test_images_and_streamed_files_are_left_alone():
    image = compressed(HttpResponse(TEXT, content_type="image/png"))
    assert not image.has_header("Content-Encoding") and image.content == TEXT
    document = compressed(FileResponse(io.BytesIO(TEXT), content_type="text/plain"))
    assert not document.has_header("Content-Encoding")
    assert b"".join(document.streaming_content) == TEXT
