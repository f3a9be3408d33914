"""The contact form: spam defences, consent, one-line name and subject."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from core.antispam import SpamProtectedForm
from pages.models import ContactMessage


class ContactForm(SpamProtectedForm, forms.ModelForm):
    spam_scope = "contact"
    same_blank_rendering = True

    consent = forms.BooleanField(
        label=_(
            "J'accepte que mon message et mes coordonnées soient conservés un an pour "
            "me répondre (voir la page « Données personnelles »)."
        ),
        error_messages={
            "required": _("Cochez cette case pour que nous puissions traiter votre message.")
        },
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {
            "name": _("Votre nom"),
            "email": _("Votre adresse e-mail"),
            "subject": _("Objet"),
            "message": _("Votre message"),
        }
        help_texts = {
            "email": _("Pour vous répondre. Exemple : prenom.nom@exemple.fr"),
            "message": _("5 000 caractères au plus."),
        }
        error_messages = {
            "name": {"required": _("Indiquez votre nom.")},
            "email": {
                "required": _("Indiquez votre adresse e-mail pour que nous puissions répondre."),
                "invalid": _("Cette adresse e-mail n'est pas valide (exemple : nom@exemple.fr)."),
            },
            "subject": {"required": _("Indiquez l'objet de votre message.")},
            "message": {"required": _("Écrivez votre message.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }

    def clean_name(self):
        return _single_line(self.cleaned_data["name"])

    def clean_subject(self):
        return _single_line(self.cleaned_data["subject"])


def _single_line(value):
    # The subject becomes an e-mail header: line breaks or control characters are refused.
    if any(unicodedata.category(char) in {"Cc", "Cf"} for char in value):
        raise forms.ValidationError(
            _("Écrivez ce champ sur une seule ligne, sans caractère spécial invisible."),
            code="control_characters",
        )
    return value
