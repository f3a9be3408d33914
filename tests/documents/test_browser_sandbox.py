"""A document's PDF opened in a real Chromium: it shows in the browser's viewer, with the
sandbox policy the browser received, and the JavaScript it carries reaches nothing.

Chromium runs a PDF's own JavaScript (Acrobat's `app.…` API) inside its PDF engine, apart
from any web page: no response header can switch that engine off, and it never runs on the
site's origin. What the tests check is what matters for the site: the script gets no
request to any server (the live server's pages, or a listener of its own), and a file that
is in fact a web page behind a PDF header (a record older than the upload checks) runs no
script at all.
"""

import http.server
import threading

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests import forged_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SANDBOX = "sandbox; default-src 'none'"
# The page Chromium's PDF viewer (a built-in extension) is drawn in.
PDF_VIEWER_PREFIX = "chrome-extension://"


class _Recorder(http.server.BaseHTTPRequestHandler):
    def _record(self):
        self.server.paths.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_GET = do_POST = do_PUT = _record

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A local server that records every request it receives: where the scripts aim."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def beacons(base_urls):
    """Acrobat JavaScript that tries every way it has to reach a server, then says so."""
    attempts = []
    for number, base in enumerate(base_urls):
        attempts += [
            f"try {{ app.launchURL('{base}/espion-launch-{number}', true); }} catch (e) {{}}",
            f"try {{ this.submitForm('{base}/espion-submit-{number}'); }} catch (e) {{}}",
            f"try {{ this.getURL('{base}/espion-geturl-{number}'); }} catch (e) {{}}",
            f"try {{ app.openDoc('{base}/espion-opendoc-{number}'); }} catch (e) {{}}",
        ]
    # Last: the dialog tells the test that every attempt above has been made.
    return " ".join(attempts) + " app.alert('fin du script');"


def test_a_pdf_with_javascript_opens_in_the_viewer_sandboxed_and_its_script_reaches_nothing(
    live_server, page, make_document, listener
):
    listener_url = f"http://127.0.0.1:{listener.server_address[1]}"
    script = beacons([live_server.url, listener_url])
    document = make_document("Formulaire", content=forged_files.pdf_with_javascript(script))
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))

    url = live_server.url + reverse("documents:download", args=[document.slug])
    try:
        with page.expect_event("dialog", timeout=20_000) as dialog_info:
            response = page.goto(url)
        dialog_info.value.dismiss()
    except PlaywrightTimeoutError:
        pass  # a Chromium that runs no PDF script at all: nothing was attempted

    headers = response.all_headers()
    assert headers["content-security-policy"] == SANDBOX
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-disposition"].startswith("inline;")
    assert any(frame.url.startswith(PDF_VIEWER_PREFIX) for frame in page.frames)
    # A last round trip through the live server, so that anything the script sent is in.
    page.context.request.get(live_server.url + reverse("documents:list"))
    assert listener.paths == []
    assert not [url for url in requested if "espion" in url]


def test_a_web_page_stored_as_a_pdf_before_the_checks_runs_no_script(
    live_server, page, make_document, listener
):
    listener_url = f"http://127.0.0.1:{listener.server_address[1]}"
    # Saved without the upload check, as older records were: the link still serves it.
    page_behind_header = (
        b"%PDF-1.7\n<!DOCTYPE html><html><head><title>Document</title></head><body>"
        b"<img src='" + listener_url.encode() + b"/espion-image'>"
        b"<script>document.title = 'script'; fetch('" + listener_url.encode() + b"/espion-fetch');"
        b"</script></body></html>"
    )
    document = make_document("Ancien document", content=page_behind_header)
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))

    response = page.goto(live_server.url + reverse("documents:download", args=[document.slug]))

    assert response.all_headers()["content-security-policy"] == SANDBOX
    assert response.all_headers()["content-type"] == "application/pdf"
    page.context.request.get(live_server.url + reverse("documents:list"))
    assert page.title() != "script"
    assert listener.paths == []
    assert not [url for url in requested if "espion" in url]
