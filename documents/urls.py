from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("<slug:slug>/", views.download, name="download"),
    path("<slug:slug>/version-accessible/", views.download_alternative, name="alternative"),
]
