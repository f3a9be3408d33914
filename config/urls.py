import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve

from backoffice.admin_site import StaffPasswordResetView
from config import views
from pages import views as page_views

# Password reset for staff, under the admin's address. The `admin_password_reset` name
# makes Django's login page show the « Mot de passe oublié ? » link.
password_reset_urlpatterns = [
    path(
        "mot-de-passe-oublie/",
        StaffPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("sante/", views.health, name="health"),
    # Site pages and discovery (un-namespaced names: the shell and crawlers rely on them)
    path("sitemap.xml", page_views.sitemap_xml, name="sitemap"),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", page_views.security_txt, name="security_txt"),
    path(settings.ADMIN_PATH, include(password_reset_urlpatterns)),
    path(settings.ADMIN_PATH, admin.site.urls),
]
# TEMP wiring (feat/i18n-content): English pages under /en/ until feat/i18n-ui's URLs land.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("plan-du-site/", page_views.site_map, name="site_map"),
    path("recherche/", page_views.search_view, name="search"),
    path("", include("pages.urls")),
    path("", include("programme.urls")),
    path("actualites/", include("news.urls")),
    path("anciens-etudiants/", include("alumni.urls")),
    path("documents/", include("documents.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # Production without a web server in front: the app serves uploaded files itself
    # (with Last-Modified, so browsers revalidate cheaply).
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# A French 503 page when the database is out of reach, the 500 page otherwise.
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
