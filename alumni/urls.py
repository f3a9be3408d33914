from django.urls import path
from django.utils.translation import gettext_lazy as _

from alumni import views

app_name = "alumni"

# Path segments are translated (French msgid, English msgstr in locale/en/): the English
# pages live under /en/ with English words. The photos have their own URLconf
# (alumni/photo_urls.py): one address in both languages.
urlpatterns = [
    path("", views.AlumnusDirectoryView.as_view(), name="directory"),
    path(_("mise-a-jour/"), views.update, name="update"),
    path(_("mise-a-jour/merci/"), views.update_sent, name="update_sent"),
    path(_("retrait-du-consentement/"), views.withdraw, name="withdraw"),
    path(_("retrait-du-consentement/envoye/"), views.withdraw_sent, name="withdraw_sent"),
    path(
        _("retrait-du-consentement/confirmer/<str:token>/"),
        views.withdraw_confirm,
        name="withdraw_confirm",
    ),
]
