"""What happens to a contact message: stored first, then e-mailed; purged after a year."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.mail import mail_secretariat
from pages.models import ContactMessage


def contact_message_submit(form):
    """Store the message, then e-mail it once the transaction has committed."""
    with transaction.atomic():
        message = form.save(commit=False)
        message.consented_at = timezone.now()
        message.save()
        transaction.on_commit(partial(contact_message_notify, message.pk))
    return message


def contact_message_notify(message_pk):
    """E-mail one stored message to the secretariat (core.mail: a failure is only logged)."""
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
    subject = gettext("[Site IPPS] %(subject)s") % {"subject": message.subject}
    mail_secretariat(subject, body, reply_to=[message.email])


def contact_messages_purge(now=None):
    """Delete messages older than a year (the retention stated on the privacy page)."""
    limit = (now or timezone.now()) - timedelta(days=365)
    deleted, _details = ContactMessage.objects.older_than(limit).delete()
    return deleted
