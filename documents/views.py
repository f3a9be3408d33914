from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from core.breadcrumbs import BreadcrumbsMixin, Crumb
from core.fragments import DeferredQuerySet, StoredCountMixin
from core.publication import visible_or_404
from documents.models import Document
from documents.validation import FILE_TYPES

# Browsers and proxies may reuse a download this long before asking again; they then
# revalidate with ETag/Last-Modified, so a replaced file shows up within minutes.
PUBLIC_MAX_AGE = 300
DOCUMENTS_PER_PAGE = 50
# Whatever a file holds (a PDF's JavaScript, HTML in a document), a browser that renders it
# treats it as a sandboxed page of an opaque origin: no script, no form, no plugin, nothing
# loaded, no access to the site's cookies or pages. Set here, the site-wide policy of the
# security middleware does not replace it.
DOWNLOAD_CONTENT_SECURITY_POLICY = "sandbox; default-src 'none'"


class DocumentListView(StoredCountMixin, BreadcrumbsMixin, ListView):
    template_name = "documents/document_list.html"
    context_object_name = "documents"
    # Pages of a bounded size whatever the number of documents (grouped by category, in
    # list order, so a category only continues on the next page).
    paginate_by = DOCUMENTS_PER_PAGE

    def get_queryset(self):
        # In English, the documents that have an English version.
        return DeferredQuerySet(
            Document, lambda: Document.objects.public().in_language().for_list()
        )

    def get_breadcrumbs(self):
        return [Crumb(_("Documents utiles"))]


@require_safe
def download(request, slug):
    """The stable link: always the current file of the document, through the storage API."""
    return _serve(request, slug, alternative=False)


@require_safe
def download_alternative(request, slug):
    """The accessible version attached to a document, under the same rules."""
    return _serve(request, slug, alternative=True)


def _serve(request, slug, *, alternative):
    # Visitors get public documents (published, not expired); staff and a preview link
    # made for this document get it whatever its state, never cached.
    # In English (/en/documents/<slug>/), only a document that has an English version.
    document = visible_or_404(
        request,
        Document.objects.in_language(),
        public=Document.objects.public().in_language(),
        slug=slug,
    )
    field = document.accessible_alternative if alternative else document.file
    if not field:
        raise Http404
    is_private = not document.is_published() or document.is_expired()
    modified = document.updated_at if alternative else document.file_updated_at
    etag = f'"{document.pk}-{int(modified.timestamp() * 1000)}-{"a" if alternative else "f"}"'
    last_modified = int(modified.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        _set_download_headers(not_modified, etag, last_modified, is_private)
        return not_modified
    try:
        stored = field.storage.open(field.name, "rb")
    except OSError as error:
        # The record survived but its file is gone from the storage: a 404, not a 500.
        raise Http404 from error
    extension = document.alternative_type if alternative else document.file_type
    response = FileResponse(
        stored,
        # Only a PDF opens in the browser (its viewer, sandboxed); every other type is saved.
        as_attachment=extension != "pdf",
        filename=document.alternative_download_name if alternative else document.download_name,
        content_type=(
            _content_type(document.alternative_type) if alternative else document.content_type
        ),
    )
    _set_download_headers(response, etag, last_modified, is_private)
    return response


def _content_type(extension):
    return FILE_TYPES[extension].content_type


def _set_download_headers(response, etag, last_modified, is_private):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CONTENT_SECURITY_POLICY
    if is_private:
        # A staff preview of a draft or expired document must not be kept by any cache.
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
