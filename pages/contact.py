"""The contact form and what happens to a message: stored first, then e-mailed."""

import logging
import unicodedata
from datetime import timedelta
from functools import partial

from django import forms
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.antispam import SpamProtectedForm
from core.models import SiteIdentity
from pages.models import ContactMessage

logger = logging.getLogger(__name__)


class ContactForm(SpamProtectedForm, forms.ModelForm):
    spam_scope = "contact"

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


def secretariat_recipients():
    """Where contact messages go: the identity's address, else the managers, else the sender."""
    identity = SiteIdentity.load()
    if identity and identity.contact_email:
        return [identity.contact_email]
    managers = [email for _name, email in settings.MANAGERS]
    return managers or [settings.DEFAULT_FROM_EMAIL]


def contact_message_submit(form):
    """Store the message, then e-mail it once the transaction has committed."""
    with transaction.atomic():
        message = form.save(commit=False)
        message.consented_at = timezone.now()
        message.save()
        transaction.on_commit(partial(contact_message_notify, message.pk))
    return message


def contact_message_notify(message_pk):
    """E-mail one stored message to the secretariat; a mail failure is logged, never raised."""
    message = ContactMessage.objects.filter(pk=message_pk).first()
    if message is None:
        return
    body = gettext(
        "Message reçu par le formulaire de contact du site le %(date)s.\n\n"
        "De : %(name)s <%(email)s>\nObjet : %(subject)s\n\n%(message)s\n\n"
        "Répondez directement à ce courriel pour écrire à l'expéditeur. "
        "Pensez à marquer le message comme traité dans l'administration."
    ) % {
        "date": timezone.localtime(message.created_at).strftime("%d/%m/%Y %H:%M"),
        "name": message.name,
        "email": message.email,
        "subject": message.subject,
        "message": message.message,
    }
    email = EmailMessage(
        subject=gettext("[Site IPPS] %(subject)s") % {"subject": message.subject},
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=secretariat_recipients(),
        reply_to=[message.email],
    )
    try:
        email.send()
    except Exception:
        # The message is stored: staff still see it in the admin.
        logger.exception("Envoi du message de contact %s impossible", message_pk)


def contact_messages_purge(now=None):
    """Delete messages older than a year (the retention stated on the privacy page)."""
    limit = (now or timezone.now()) - timedelta(days=365)
    deleted, _details = ContactMessage.objects.older_than(limit).delete()
    return deleted
