from django.urls import path
from django.utils.translation import gettext_lazy as _

from news import views
from news.feeds import LatestNewsFeed

app_name = "news"

# Path segments are translated (French msgid, English msgstr in locale/en/).
urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="list"),
    path(_("flux.xml"), LatestNewsFeed(), name="feed"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/evenement.ics"), views.event_ics, name="event_ics"),
]
