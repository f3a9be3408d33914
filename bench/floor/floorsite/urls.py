from django.urls import path

from floorsite import views

# Any other address gets Django's own 404 page (DEBUG off): the floor of the site's 404.
urlpatterns = [
    path("gabarit/", views.template_page, name="template"),
    path("constante/", views.constant_page, name="constant"),
]
