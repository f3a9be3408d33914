"""What the documents give the admin home (« À traiter ») and the « Calendrier »: the
documents about to pass their « valable jusqu'au » date and leave the site by themselves.

Registered in `DocumentsConfig.ready()` through the programme's registry.
"""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from backoffice.admin_tools import admin_change_url
from core.publication import PublicationStatus
from core.registry import ScheduleEvent
from documents.models import Document, FileKind

# The admin list filter (« validité ») value that shows the same documents as the count.
EXPIRING_FILTER_VALUE = "bientot"


def expiring_document_count():
    """Documents whose last valid day is within the notice period (30 days), in one query."""
    return Document.objects.expiring().count()


def expiring_documents_url():
    return f"{reverse('admin:documents_document_changelist')}?validite={EXPIRING_FILTER_VALUE}"


def inaccessible_pdfs():
    """PDFs whose stored RGAA 13.3 report falls short (unreadable, untagged, no title or no
    language) and that have no accessible version next to them."""
    short = (
        Q(pdf_is_tagged__isnull=True)
        | Q(pdf_is_tagged=False)
        | Q(pdf_title="")
        | Q(pdf_language="")
    )
    return Document.objects.filter(short, file_type=FileKind.PDF, accessible_alternative="")


def inaccessible_pdf_count():
    return inaccessible_pdfs().count()


def inaccessible_pdfs_url():
    pks = ",".join(str(pk) for pk in inaccessible_pdfs().values_list("pk", flat=True))
    return f"{reverse('admin:documents_document_changelist')}?pk__in={pks}"


def document_expiry_events(start, end):
    """The last valid day of each document (not in draft) between `start` and `end`."""
    documents = (
        Document.objects.exclude(status=PublicationStatus.DRAFT)
        .filter(
            valid_until__range=(timezone.localdate(start), timezone.localdate(end)),
        )
        .order_by("valid_until", "title")
    )
    category = capfirst(Document._meta.verbose_name_plural)
    for document in documents:
        yield ScheduleEvent(
            at=document.valid_until,
            kind=_("Dernier jour en ligne (valable jusqu'au)"),
            label=document.title,
            category=category,
            admin_url=admin_change_url(document),
            public_url=document.get_absolute_url(),
        )
