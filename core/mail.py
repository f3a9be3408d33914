"""Mail for the secretariat: one address rule for every message the site sends it.

The address is the site identity's « adresse e-mail de contact », else `settings.MANAGERS`.
With neither, nothing is sent and a warning is logged: never the no-reply sender, which
nobody reads. Callers store the record first (contact message, submission) and send after
commit, so a message that cannot be mailed is still waiting in the admin.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage

from core.models import SiteIdentity

logger = logging.getLogger(__name__)

# Line breaks and other control or invisible format characters: in a header they could start
# a header of their own (« Bcc: »); Django would refuse the whole message instead.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")


def one_line(text):
    """`text` fit for an e-mail header: every run of control characters becomes one space,
    so a name typed by a visitor still reaches the secretariat, on one line."""
    return " ".join(_NOT_ONE_LINE.sub(" ", str(text)).split())


def secretariat_recipients():
    """The secretariat's addresses: the identity's contact address, else the managers'."""
    identity = SiteIdentity.load()
    if identity is not None and identity.contact_email:
        return [identity.contact_email]
    return [email for _name, email in settings.MANAGERS]


def mail_secretariat(subject, body, reply_to=None):
    """E-mail the secretariat; True if sent. A failure is logged, never raised."""
    subject = one_line(subject)
    recipients = secretariat_recipients()
    if not recipients:
        logger.warning(
            "Courriel au secrétariat non envoyé, faute d'adresse (renseignez l'adresse "
            "e-mail de contact dans l'identité du site) : %s",
            subject,
        )
        return False
    return _send(recipients, subject, body, reply_to, "Courriel au secrétariat non envoyé : %s")


def mail_people(recipients, subject, body):
    """E-mail these addresses (staff told of work waiting for them); True if sent. A failure
    is logged, never raised: what the mail announces is stored and shown in the admin."""
    if not recipients:
        logger.warning("Courriel non envoyé, faute de destinataire : %s", subject)
        return False
    return _send(recipients, subject, body, None, "Courriel non envoyé : %s")


def _send(recipients, subject, body, reply_to, failure_log):
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(recipients),
        reply_to=reply_to,
    )
    try:
        message.send()
    except Exception:
        # The record is stored: staff still find it in the admin.
        logger.exception(failure_log, subject)
        return False
    return True
