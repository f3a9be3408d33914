from django.urls import path

from programme import views_pages
from programme.models import StandalonePageSlug

app_name = "programme"

urlpatterns = []

# --- Site pages: fixed pages and contact ---
urlpatterns += [
    path(
        "plans-acces/",
        views_pages.standalone_page_view(StandalonePageSlug.ACCESS_MAP),
        name="access_map",
    ),
    path(
        "mentions-legales/",
        views_pages.standalone_page_view(StandalonePageSlug.LEGAL_NOTICE),
        name="legal_notice",
    ),
    path(
        "accessibilite/",
        views_pages.standalone_page_view(StandalonePageSlug.ACCESSIBILITY),
        name="accessibility",
    ),
    path(
        "donnees-personnelles/",
        views_pages.standalone_page_view(StandalonePageSlug.PRIVACY),
        name="privacy",
    ),
    path("contact/", views_pages.contact, name="contact"),
]
