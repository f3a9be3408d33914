from django.urls import path

from pages import views
from pages.models import PageSlug

app_name = "pages"

urlpatterns = [
    path(
        "plans-acces/",
        views.standalone_page_view(PageSlug.ACCESS_MAP),
        name="access_map",
    ),
    path(
        "mentions-legales/",
        views.standalone_page_view(PageSlug.LEGAL_NOTICE),
        name="legal_notice",
    ),
    path(
        "accessibilite/",
        views.standalone_page_view(PageSlug.ACCESSIBILITY),
        name="accessibility",
    ),
    path(
        "donnees-personnelles/",
        views.standalone_page_view(PageSlug.PRIVACY),
        name="privacy",
    ),
    path("contact/", views.contact, name="contact"),
]
