from django.urls import path
from django.utils.translation import gettext_lazy as _

from pages import views
from pages.models import PageSlug

app_name = "pages"

# Path segments are translated (French msgid, English msgstr in locale/en/).
urlpatterns = [
    path(
        _("plans-acces/"),
        views.standalone_page_view(PageSlug.ACCESS_MAP),
        name="access_map",
    ),
    path(
        _("mentions-legales/"),
        views.standalone_page_view(PageSlug.LEGAL_NOTICE),
        name="legal_notice",
    ),
    path(
        _("accessibilite/"),
        views.standalone_page_view(PageSlug.ACCESSIBILITY),
        name="accessibility",
    ),
    path(
        _("donnees-personnelles/"),
        views.standalone_page_view(PageSlug.PRIVACY),
        name="privacy",
    ),
    path(_("contact/"), views.contact, name="contact"),
]
