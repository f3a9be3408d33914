from django.urls import path
from django.utils.translation import gettext_lazy as _

from documents import views

app_name = "documents"

# Path segments are translated (French msgid, English msgstr in locale/en/).
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("<slug:slug>/", views.download, name="download"),
    path(_("<slug:slug>/version-accessible/"), views.download_alternative, name="alternative"),
]
