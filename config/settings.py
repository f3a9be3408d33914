"""Settings of the IPPS site: one file, every knob read from the environment.

Defaults suit a laptop (SQLite, console e-mail, local-memory cache, DEBUG on).
Production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; see .env.example.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def env_or_default(name, default):
    """The variable's text, or `default` when it is unset or empty: `.env.example` lists
    every variable, many with an empty value that means « the default »."""
    return env.str(name, default="") or default


# --- Core -------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=True)

# Only a local, DEBUG instance may run on a throw-away key.
_LOCAL_ONLY_SECRET_KEY = "local-development-only-not-a-secret"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DEBUG est désactivé mais SECRET_KEY n'est pas définie : "
            "définissez la variable d'environnement SECRET_KEY (une longue chaîne aléatoire)."
        )
    SECRET_KEY = _LOCAL_ONLY_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DEBUG est désactivé mais ALLOWED_HOSTS est vide : définissez la variable "
            "d'environnement ALLOWED_HOSTS (noms de domaine séparés par des virgules)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -----------------------------------------------------------

INSTALLED_APPS = [
    # Django (the admin with the secretariat's site: backoffice/admin_site.py)
    "backoffice.apps.SecretariatAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.redirects",
    "django.forms",
    # Third-party
    "django_prose_editor",
    "reversion",
    # Ours, in the order of the layers (docs/architecture.md): the toolkit and the admin
    # first, then the apps built on them. Templates and static files are looked up in this
    # order, and each app's ready() registers with the ones above it.
    "core",
    "backoffice",
    "pages",
    "programme",
    "news",
    "alumni",
    "documents",
    # Login lockouts and two-step login (settings under « Admin, logins and sessions »).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Last: its ready() connects the content version's save/delete receivers after every
    # other app's, so they run once the apps' own receivers (search documents…) are done.
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside every middleware that reads the body: they see it uncompressed.
    "config.middleware.TextCompressionMiddleware",
    # Then: headers on every response, static files served before any session or database
    # work, conditional GET around the page cache, which answers anonymous visitors before
    # sessions, CSRF or authentication run.
    "config.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "config.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address only (/en/… English, the rest French), never
    # from a cookie or the browser's Accept-Language: a page has one address per language.
    "config.middleware.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, but a visitor without a session cookie is known anonymous at once.
    "config.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed the login's second step?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Only a 404 falls back to the redirects staff recorded (the old site's addresses).
    "config.middleware.RedirectFallbackMiddleware",
    # Last, so that it sees every login attempt with the request fully set up.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

# Address of the admin, changeable so that it is not where bots look first.
ADMIN_PATH = env.str("ADMIN_PATH", default="admin/").strip("/") + "/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.site_layout",
            ],
        },
    },
]

# Form templates are looked up in templates/ too (the public forms' shared layout); the
# smallest of Django's own are rendered in Python (core/form_renderer.py: admin speed).
FORM_RENDERER = "core.form_renderer.FormRenderer"

# --- Data -------------------------------------------------------------------

DATABASES = {
    "default": env.db_url_config(
        env_or_default("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url_config(env_or_default("CACHE_URL", "locmemcache://ipps"))}

# --- Internationalisation ---------------------------------------------------

# French is the source and the default (addresses without prefix); English pages live
# under /en/ (config/urls.py, config/middleware.UrlLanguageMiddleware).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files -------------------------------------------------

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# An empty value (as in .env.example) means the default, never the current folder: an empty
# MEDIA_ROOT would otherwise publish the whole project (.env included) under MEDIA_URL.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default="") or BASE_DIR / "staticfiles")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default="") or BASE_DIR / "media")

# Largest upload kept in memory before Django spools it to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Images (content toolkit) -----------------------------------------------

IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Longest side of a stored original (larger uploads are scaled down on save).
IMAGE_MAX_STORED_SIDE = env.int("IMAGE_MAX_STORED_SIDE", default=2560)
IMAGE_RENDITION_WIDTHS = (480, 960, 1600)

# --- E-mail -----------------------------------------------------------------

EMAIL_CONFIG = env.email_url_config(env_or_default("EMAIL_URL", "consolemail://"))
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ne-pas-repondre@ipps.univ-lorraine.fr")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Authentication ---------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Rich text (django-prose-editor) ----------------------------------------

# The editor's extensions; the sanitizer allows exactly the markup they produce.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "HTML": False,
}

# --- Security ---------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: the admin's forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    # The site's own host name only has subdomains of its own, if any.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Where media files are served from when they are not on this host (S3, a CDN of the
# university): added to the policy's img-src.
MEDIA_ORIGIN = env.str("MEDIA_ORIGIN", default="")
_CSP_COMMON = (
    f"default-src 'self'; img-src 'self' data: {MEDIA_ORIGIN}".rstrip() + "; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Public pages: no inline script, no inline style.
CONTENT_SECURITY_POLICY = f"{_CSP_COMMON}; script-src 'self'; style-src 'self'"
# The admin and its editor set inline style attributes; scripts stay external only.
CONTENT_SECURITY_POLICY_ADMIN = (
    f"{_CSP_COMMON}; script-src 'self'; style-src 'self' 'unsafe-inline'"
)
# /.well-known/security.txt (RFC 9116): where to report a vulnerability. Addresses or https
# links, comma-separated (an address gets its « mailto: »); empty = the site identity's
# contact address. Expires is computed (this many days ahead of each request).
SECURITY_CONTACT = env.list("SECURITY_CONTACT", default=[])
SECURITY_TXT_EXPIRES_DAYS = env.int("SECURITY_TXT_EXPIRES_DAYS", default=180)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)

# --- Logging ----------------------------------------------------------------

# One JSON object per line on stdout (the request's path and status when there is one);
# gunicorn's access log uses the same format (config/gunicorn.conf.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "filters": {"without_not_found": {"()": "config.logging.WithoutNotFound"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["without_not_found"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers would print a second, multi-line copy of each error.
        "django": {
            "handlers": ["stdout"],
            "level": env.str("LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
    },
}

# --- Admin, logins and sessions (secretariat's admin) -------------------------

# Axes must see every login attempt, so its backend comes first (its middleware is last).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Five wrong passwords for one account from one address lock that pair (not the whole
# account for everyone, not the whole address): a typo-prone colleague does not lock others.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=60))
AXES_RESET_ON_SUCCESS = True
# Axes' start-up banner would be printed by every management command.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "backoffice.admin_site.lockout_response"
# The same address as the anti-spam limit of the public forms.
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# Reverse proxies in front of the site (load balancer…): their count tells which
# X-Forwarded-For entry is the visitor's address. 0 = the site is reached directly.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# A staff session ends after this many seconds without any request (default: 2 hours).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
LOGIN_REDIRECT_URL = "admin:index"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 60 * 60)
# Two-step login (backoffice/account_security.py): the name authenticator apps show.
OTP_TOTP_ISSUER = "Master IPPS"
# --- Documents (documents app) ----------------------------------------------

# Types staff may upload, by extension; each is also checked by its content.
DOCUMENT_ALLOWED_TYPES = env.list(
    "DOCUMENT_ALLOWED_TYPES", default=["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp"]
)
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Office and OpenDocument files are zip archives: bounds that a real document stays far
# within and a « zip bomb » (a small file that decompresses to gigabytes) does not. The
# ratio applies to each member above 100 kB (as Apache POI does): XML compresses 10 to 30
# times, a bomb thousands of times.
DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_BYTES = env.int(
    "DOCUMENT_ARCHIVE_MAX_UNCOMPRESSED_BYTES", default=300 * 1024 * 1024
)
DOCUMENT_ARCHIVE_MAX_RATIO = env.int("DOCUMENT_ARCHIVE_MAX_RATIO", default=100)
DOCUMENT_ARCHIVE_MAX_MEMBERS = env.int("DOCUMENT_ARCHIVE_MAX_MEMBERS", default=10_000)
# Files of deleted documents stay this long in the private storage's « corbeille/ », so that
# a document recovered from its history gets its file back (manage.py purge_deleted_files).
DELETED_FILES_RETENTION_DAYS = env.int("DELETED_FILES_RETENTION_DAYS", default=90)

# --- Official insertion figures (programme app, InserSup) -------------------

# Which rows of the ministry's InserSup file are the programme's: the university (UAI),
# the degree and the discipline, each « contains » (case and accents ignored). They are
# the defaults of manage.py import_insersup and of the admin's import form.
INSERSUP_UAI = env_or_default("INSERSUP_UAI", "0542493S")  # Université de Lorraine
INSERSUP_DEGREE = env_or_default("INSERSUP_DEGREE", "master")
INSERSUP_DISCIPLINE = env.str("INSERSUP_DISCIPLINE", default="")
INSERSUP_MAX_UPLOAD_BYTES = env.int("INSERSUP_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)

# --- Production: serving, caching, media (prod) ------------------------------

# The storage classes lived in config/ before core/ existed: an .env written then still works.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="").replace("config.storage.", "core.storage.")
STORAGES = {
    "default": {"BACKEND": MEDIA_STORAGE or "core.storage.AtomicFileSystemStorage"},
    # Hashed names (cached for a year by browsers) and gzip/brotli copies made once.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Servers that share no disk keep uploads in an S3-compatible bucket (django-storages,
# `pip install ".[s3]"`); keys come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "custom_domain": env.str("S3_CUSTOM_DOMAIN", default="") or None,
            # Public files under stable URLs; never overwrite a file of the same name.
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Locally, static files are served from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Media served by the app itself (one server, or servers sharing a disk). Set False when a
# web server or an object storage (S3, see README) serves MEDIA_URL.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not S3_BUCKET)

# Public pages for anonymous visitors, in seconds (0 = off, the default while DEBUG is on).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 600)
PAGE_CACHE_ALIAS = "default"
# Pieces of public pages (layout, home blocks, lists, details: core/fragments.py) kept under
# the content version, for pages the page cache does not answer (staff, forms, after an
# edit…), in seconds (0 = off, the default while DEBUG is on, so that a page edited in a
# template shows at once).
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=0 if DEBUG else 600)
FRAGMENT_CACHE_ALIAS = "default"

# --- Production: private document files (prod2) ------------------------------
# Document files are served only through their stable link (documents:download), which
# checks publication and expiry: they live outside MEDIA_ROOT, under no public URL, so a
# draft or expired document's file cannot be fetched by guessing its media path.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default="") or BASE_DIR / "private-media")
if PRIVATE_MEDIA_ROOT.resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured(
        "PRIVATE_MEDIA_ROOT est à l'intérieur de MEDIA_ROOT : les documents non publiés "
        "seraient publics. Choisissez un dossier en dehors de MEDIA_ROOT."
    )
STORAGES["documents"] = {"BACKEND": "core.storage.PrivateFileSystemStorage"}
if S3_BUCKET:
    # The same bucket (or S3_PRIVATE_BUCKET) under a prefix the bucket policy keeps
    # private; files are still served by the app, which reads them with its own keys.
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "bucket_name": env.str("S3_PRIVATE_BUCKET", default="") or S3_BUCKET,
            "location": env.str("S3_PRIVATE_LOCATION", default="prive"),
            "default_acl": "private",
            "custom_domain": None,
            # Should a URL ever be asked for, it is signed and short-lived.
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
# Alumni photos are personal data: in the same private place as the documents' files (same
# folder or bucket prefix, so backups hold them once), never under MEDIA_URL. Only the
# photo view serves them, after checking at each request that the entry is published with
# consent to its photo.
STORAGES["photos"] = STORAGES["documents"]

# --- Site pages and discovery: the public domain -----------------------------
# Host name (and port, if any) of the public site. Synced into the sites framework's
# record on every migrate, so addresses built outside a request (RSS feed links, the
# calendar UID of an event) name the real site, not Django's « example.com ».
SITE_DOMAIN = env.str("SITE_DOMAIN", default="127.0.0.1:8000")
SITE_NAME = env.str("SITE_NAME", default="Master IPPS — Université de Lorraine")
