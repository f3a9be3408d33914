from django.urls import path

from news import views
from news.feeds import LatestNewsFeed

app_name = "news"

urlpatterns = [
    path("", views.NewsItemListView.as_view(), name="list"),
    path("flux.xml", LatestNewsFeed(), name="feed"),
    path("<slug:slug>/", views.NewsItemDetailView.as_view(), name="detail"),
    path("<slug:slug>/evenement.ics", views.event_ics, name="event_ics"),
]
