import re

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from config import views

admin.site.site_header = _("Administration du site du master IPPS")
admin.site.site_title = _("Master IPPS — administration")
admin.site.index_title = _("Gestion du contenu")

urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("", include("programme.urls")),
    path("actualites/", include("news.urls")),
    path("anciens-etudiants/", include("alumni.urls")),
    path("documents/", include("documents.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

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
handler500 = "config.errors.server_error"
