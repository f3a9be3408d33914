from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from config import views

admin.site.site_header = _("Administration du site du master IPPS")
admin.site.site_title = _("Master IPPS — administration")
admin.site.index_title = _("Gestion du contenu")

urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    # Site pages and discovery
    path("plan-du-site/", views.site_map, name="site_map"),
    path("recherche/", views.search_view, name="search"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("", include("programme.urls")),
    path("actualites/", include("news.urls")),
    path("anciens-etudiants/", include("alumni.urls")),
    path("documents/", include("documents.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
