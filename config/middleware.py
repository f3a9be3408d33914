"""Production middleware: compression, security headers, the public page cache, the page's
language and the redirects staff recorded."""

import base64
import hashlib
import logging
import re

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.redirects import middleware as redirects_middleware
from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import caches
from django.db import connections, router
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.text import compress_string

from core.fragments import cached_fragment
from operations import content_version

logger = logging.getLogger(__name__)


class TextCompressionMiddleware(GZipMiddleware):
    """Pages, feeds and calendars gzipped for browsers that accept it (a page's HTML shrinks
    to about a third: Lighthouse's « Enable text compression »).

    Static files come compressed already (whitenoise's .gz/.br copies); images, documents
    and other streamed files are left alone. Outermost but for SecurityMiddleware, so that
    the other middleware (the CSP hash of an import map, the page cache) see plain HTML;
    Django's gzip pads each response with random bytes against BREACH-like guessing.
    """

    def process_response(self, request, response):
        if response.streaming or not _is_text(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)


_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _is_text(content_type):
    kind = content_type.split(";")[0].strip().lower()
    return kind.startswith("text/") or kind.endswith(("/json", "+json", "/xml", "+xml"))


class SecurityHeadersMiddleware:
    """Content-Security-Policy, Permissions-Policy and X-Frame-Options on every response.

    Django's SecurityMiddleware, outermost, adds nosniff, Referrer-Policy, COOP and (over
    HTTPS, DEBUG off) HSTS to everything; X-Frame-Options is set again here because Django's
    own middleware sits inside the ones that answer early (static files, page cache).

    Public pages get a policy without 'unsafe-inline': they carry no inline script nor
    style. The admin (and its editor) sets inline `style` attributes, so its policy
    allows inline styles, never inline scripts. The one inline script a page may hold is
    the import map the rich-text editor's media renders (static paths, no user input): it is
    allowed by its own hash, in that response only.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin_prefix = "/" + settings.ADMIN_PATH
            policy = (
                settings.CONTENT_SECURITY_POLICY_ADMIN
                if request.path.startswith(admin_prefix)
                else settings.CONTENT_SECURITY_POLICY
            )
            importmap_hashes = getattr(response, "importmap_hashes", None)
            if importmap_hashes is None:
                importmap_hashes = _importmap_hashes(response)
            if importmap_hashes:
                policy = policy.replace(
                    "script-src 'self'", "script-src 'self' " + " ".join(importmap_hashes), 1
                )
            response["Content-Security-Policy"] = policy
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not getattr(response, "xframe_options_exempt", False):
            response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if request.method == "HEAD" and not response.streaming:
            # Headers only (RFC 9110); gunicorn would drop the body and log a warning.
            response.content = b""
        return response


_IMPORTMAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.DOTALL)


def _importmap_hashes(response):
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    if b'type="importmap"' not in response.content:
        return []
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _IMPORTMAP.findall(response.content)
    ]


def _page_cache(operation, *arguments):
    """Call the page cache; when its server is unreachable, pages are rendered instead.

    Returns the operation's result, or None for a failed `get` and False for a failed `set`.
    """
    try:
        cache = caches[settings.PAGE_CACHE_ALIAS]
        result = getattr(cache, operation)(*arguments)
    except Exception:  # each backend raises its own errors (redis, pymemcache, OSError)
        logger.warning("cache de pages indisponible", exc_info=True)
        return None if operation == "get" else False
    return True if operation == "set" else result


def _current_version():
    version = content_version.current()
    content_version.forget_stale_derived_objects(version, caches["default"])
    return version


class PublicPageCacheMiddleware:
    """Whole pages for anonymous visitors, stored under the current content version, which
    it also hands to the stored pieces of pages (`request.content_version`).

    Bypassed for anyone holding a session or pending messages (staff, previews), for any
    method but GET/HEAD, and for the admin. Stored only when the response is a plain 200
    that sets no cookie and holds no CSRF token (pages with forms). The version is read
    from the database on each request (one query), so a change made through any worker or
    server is visible on the very next request; when it has moved, this process also drops
    the objects it derived from content in its own memory (the site identity).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not (seconds or settings.FRAGMENT_CACHE_SECONDS):
            return self.get_response(request)
        # Read first, for the stored pieces of pages too (core/fragments.py): the objects
        # derived from content (the site identity) are dropped before anything uses them,
        # so that no piece stored under a new version holds an older one.
        version = _current_version()
        request.content_version = version
        if not seconds:
            return self.get_response(request)
        if not self._is_cacheable_request(request):
            return self.get_response(request)
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode()).hexdigest()
        key = f"page:{version}:{digest}"
        stored = _page_cache("get", key)
        if stored is not None:
            response = self._stored_response(request, *stored)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and self._is_cacheable_response(request, response):
            patch_cache_control(response, max_age=0, must_revalidate=True)
            # The tag ConditionalGetMiddleware would compute, stored with the page: each
            # encoding served from the cache then carries the same one as a rendered page.
            if not response.has_header("ETag"):
                set_response_etag(response)
            headers = dict(response.items())
            content = response.content
            # Compressed once here rather than by TextCompressionMiddleware on every hit
            # (the largest cost of a hit). Without the random padding Django's gzip adds
            # against BREACH: a stored page holds no secret (no CSRF token, no session).
            compressed = None
            if len(content) >= 200 and _is_text(headers.get("Content-Type", "")):
                compressed = compress_string(content)
            # Looked for once here rather than in the whole page on every hit.
            importmap_hashes = _importmap_hashes(response)
            stored = (response.status_code, headers, content, compressed, importmap_hashes)
            if _page_cache("set", key, stored, seconds):
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _stored_response(request, status, headers, content, compressed=None, importmap_hashes=None):
        gzipped = compressed is not None and _ACCEPTS_GZIP.search(
            request.META.get("HTTP_ACCEPT_ENCODING", "")
        )
        response = HttpResponse(compressed if gzipped else content, status=status, headers=headers)
        response.importmap_hashes = importmap_hashes
        if not gzipped:
            return response
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(compressed))
        patch_vary_headers(response, ("Accept-Encoding",))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # Another encoding of the same page: only weakly the same (RFC 9110).
            response["ETag"] = "W/" + etag
        return response

    @staticmethod
    def _is_cacheable_request(request):
        if request.method not in ("GET", "HEAD"):
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return False
        path = request.path
        return not any(
            path.startswith(prefix)
            for prefix in ("/" + settings.ADMIN_PATH, settings.MEDIA_URL, "/" + settings.STATIC_URL)
        )

    @staticmethod
    def _is_cacheable_response(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        cache_control = response.get("Cache-Control", "")
        return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


class RedirectFallbackMiddleware(redirects_middleware.RedirectFallbackMiddleware):
    """Django's fallback to the redirects staff recorded (the old site's addresses), its
    rules unchanged (the exact address, then with a slash added), in one plain query kept
    under the content version: it runs on every 404, and bots ask for the same missing
    addresses all day."""

    def process_response(self, request, response):
        if response.status_code != 404:
            return response
        candidates = [request.get_full_path()]
        if settings.APPEND_SLASH and not request.path.endswith("/"):
            candidates.append(request.get_full_path(force_append_slash=True))
        site_pk = get_current_site(request).pk
        # Bots ask for the same missing addresses all day: the answer for an address is
        # kept under the content version, which a redirect's edit moves on (pages/hooks.py).
        found = cached_fragment(
            request,
            "redirect",
            (site_pk, *candidates),
            lambda: self._recorded(site_pk, candidates),
            public_only=False,
        )
        for path in candidates:
            if path in found:
                if found[path] == "":
                    return self.response_gone_class()
                return self.response_redirect_class(found[path])
        return response

    @staticmethod
    def _recorded(site_pk, candidates):
        """{old path: new path} of the redirects recorded for these addresses."""
        meta = Redirect._meta
        connection = connections[router.db_for_read(Redirect)]
        quote = connection.ops.quote_name
        old_path, new_path, site = (
            quote(meta.get_field(name).column) for name in ("old_path", "new_path", "site")
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {old_path}, {new_path} FROM {quote(meta.db_table)} "
                f"WHERE {site} = %s AND {old_path} IN ({', '.join(['%s'] * len(candidates))})",
                [site_pk, *candidates],
            )
            return dict(cursor.fetchall())


# The address prefix of English pages (config/urls.py: i18n_patterns without a prefix for
# French, the default).
ENGLISH_PREFIX = "/en/"


def language_of_path(path):
    """The language a path is served in: English under /en/, French everywhere else (the
    admin and staff tools included, whatever the visitor's browser prefers)."""
    if path.startswith("/" + settings.ADMIN_PATH):
        return settings.LANGUAGE_CODE
    if path == ENGLISH_PREFIX.rstrip("/") or path.startswith(ENGLISH_PREFIX):
        return "en"
    return settings.LANGUAGE_CODE


class UrlLanguageMiddleware:
    """Activates the language of the address, and only that: in place of Django's
    LocaleMiddleware, which would also read a cookie and Accept-Language and redirect by
    them. A page has one address per language, so the response does not vary with the
    request's headers (no `Vary: Accept-Language`, no cookie), and the page cache keyed by
    the address stays right. The language is put back afterwards, so that nothing run
    later in the same thread (a test, a management command) inherits it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_of_path(request.path_info)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, except that a request without a session cookie gets the anonymous user at
    once: the session store, the user lookup and the second step's check would each run
    to find the same answer, on every page a visitor reads (signing in is only through a
    session here)."""

    def process_request(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return super().process_request(request)
        user = AnonymousUser()
        request.user = user

        async def auser():
            return user

        request.auser = auser
        return None
