from django.urls import path

from programme import views

app_name = "programme"

urlpatterns = [
    path("formation/", views.PresentationView.as_view(), name="presentation"),
    path("formation/candidatures.ics", views.admission_calendar, name="admission_calendar"),
    path("formation/plaquette.pdf", views.brochure, name="brochure"),
]
