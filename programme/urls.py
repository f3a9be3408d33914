from django.urls import path

from programme import views, views_pages
from programme.models import PageSlug

app_name = "programme"

urlpatterns = [
    path("formation/", views.PresentationView.as_view(), name="presentation"),
]

# --- Site pages: fixed pages and contact ---
urlpatterns += [
    path(
        "plans-acces/",
        views_pages.standalone_page_view(PageSlug.ACCESS_MAP),
        name="access_map",
    ),
    path(
        "mentions-legales/",
        views_pages.standalone_page_view(PageSlug.LEGAL_NOTICE),
        name="legal_notice",
    ),
    path(
        "accessibilite/",
        views_pages.standalone_page_view(PageSlug.ACCESSIBILITY),
        name="accessibility",
    ),
    path(
        "donnees-personnelles/",
        views_pages.standalone_page_view(PageSlug.PRIVACY),
        name="privacy",
    ),
    path("contact/", views_pages.contact, name="contact"),
]
