"""The alumni's photos, at one address whatever the page's language.

Outside the language prefix (config/urls.py): a photo is the same file on the French and
the English directory, so browsers keep one copy and the admin's moderation queue links
to the address the public pages use. The key is random (`secrets.token_urlsafe`):
letters, digits, « - » and « _ ».
"""

from django.urls import path

from alumni import views

app_name = "alumni_photos"

urlpatterns = [
    path("photos/<slug:key>/", views.photo, name="photo"),
    path("photos/<slug:key>/<int:width>/", views.photo, name="photo_width"),
]
