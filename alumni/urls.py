from django.urls import path

from alumni import views

app_name = "alumni"

urlpatterns = [
    path("", views.AlumnusDirectoryView.as_view(), name="directory"),
    # The key is random (`secrets.token_urlsafe`): letters, digits, « - » and « _ ».
    path("photos/<slug:key>/", views.photo, name="photo"),
    path("photos/<slug:key>/<int:width>/", views.photo, name="photo_width"),
    path("mise-a-jour/", views.update, name="update"),
    path("mise-a-jour/merci/", views.update_sent, name="update_sent"),
    path("retrait-du-consentement/", views.withdraw, name="withdraw"),
    path("retrait-du-consentement/envoye/", views.withdraw_sent, name="withdraw_sent"),
    path(
        "retrait-du-consentement/confirmer/<str:token>/",
        views.withdraw_confirm,
        name="withdraw_confirm",
    ),
]
