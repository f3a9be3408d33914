import datetime
import os

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.categories import OrderedCategory
from core.files import FileOwner
from core.formatting import human_size
from core.pdf import PdfReport, extract_pdf_text, inspect_pdf
from core.publication import PublicationStatus, Publishable, PublishableQuerySet
from core.richtext import RichTextField
from core.search_document import SearchDocumentField
from core.slugs import StableSlug
from core.translation import Translatable, TranslatableQuerySet, english_copy
from documents.validation import FILE_TYPES, download_name, original_name_of, safe_stem

# A document counts as « nouveau » on the list for this long after its file changed.
NEW_FOR = datetime.timedelta(days=30)


class DocumentLanguage(models.TextChoices):
    FRENCH = "fr", _("français")
    ENGLISH = "en", _("anglais")
    GERMAN = "de", _("allemand")
    SPANISH = "es", _("espagnol")
    ITALIAN = "it", _("italien")


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"
    ODT = "odt", "ODT"
    XLSX = "xlsx", "Excel (XLSX)"
    ODS = "ods", "ODS"
    PPTX = "pptx", "PowerPoint (PPTX)"
    ODP = "odp", "ODP"


class Category(Translatable, OrderedCategory):
    """A heading of the document list (Candidature, Scolarité…): its anchor is
    /documents/#<slug>, the same in both languages."""

    name_en = english_copy(OrderedCategory._meta.get_field("name"))
    # Wider than the shared field: the column predates it, and stays as it is.
    order = models.PositiveIntegerField(
        _("ordre"), default=0, help_text=OrderedCategory._meta.get_field("order").help_text
    )

    translated_fields = ("name",)

    class Meta(OrderedCategory.Meta):
        verbose_name = _("rubrique de documents")
        verbose_name_plural = _("rubriques de documents")

    def get_absolute_url(self):
        return f"{reverse('documents:list')}#{self.slug}"


def document_storage():
    """The « documents » storage when the deployment defines one, else the default one.

    Files are always served by the stable link (which checks publication and expiry);
    a private storage keeps drafts and expired files off any public media URL.
    """
    return storages["documents"] if "documents" in settings.STORAGES else default_storage


def document_upload_to(instance, filename):
    """Stored under a slug of the original name: no path parts, no control characters."""
    extension = instance.file_type or os.path.splitext(filename)[1].lstrip(".").lower()
    return f"documents/{timezone.now():%Y/%m}/{safe_stem(filename)}.{extension}"


def alternative_upload_to(instance, filename):
    extension = instance.alternative_type or os.path.splitext(filename)[1].lstrip(".").lower()
    return f"documents/versions-accessibles/{safe_stem(filename)}.{extension}"


# How long before a document expires the admin home starts to mention it.
EXPIRY_NOTICE_DAYS = 30


class DocumentQuerySet(TranslatableQuerySet, PublishableQuerySet):
    def public(self, now=None):
        """What visitors may see and download: published and not past « valable jusqu'au »."""
        now = now or timezone.now()
        return self.published(now).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate(now))
        )

    def expired(self, now=None):
        """Documents past their « valable jusqu'au » date."""
        return self.filter(valid_until__lt=timezone.localdate(now or timezone.now()))

    def expiring(self, days=EXPIRY_NOTICE_DAYS, now=None):
        """Documents not in draft whose last valid day falls within the next `days` days
        (today included): they will leave the public list by themselves."""
        today = timezone.localdate(now or timezone.now())
        return self.exclude(status=PublicationStatus.DRAFT).filter(
            valid_until__range=(today, today + datetime.timedelta(days=days))
        )

    def for_list(self):
        """With the category the list groups by, in list order."""
        return self.select_related("category").order_by(
            "category__order", "category__name", "order", "title"
        )


class Document(Translatable, StableSlug, FileOwner, Publishable):
    """A file the secretariat publishes (form, brochure, calendar…) behind a stable link.

    Listed in English once its English title is filled in (core/translation.py); the file
    is the same, its language told by `language`."""

    # Its files are in the private storage and hold no personal data: a document deleted by
    # mistake and recovered from its history gets its file back.
    keeps_files_of_deleted_records = True

    title = models.CharField(
        _("titre"),
        max_length=200,
        help_text=_("Le nom du document tel que les visiteurs le liront, sans l'extension."),
    )
    title_en = english_copy(
        title,
        help_text=_(
            "Facultatif : sans titre en anglais, le document n'apparaît pas sur le site en "
            "anglais (le fichier reste le même dans les deux langues)."
        ),
    )
    slug = models.SlugField(
        _("adresse du lien"),
        max_length=120,
        unique=True,
        help_text=_(
            "Le lien public sera /documents/adresse-du-lien/. Il ne change plus après la "
            "création : on peut l'imprimer sur une brochure, il servira toujours la version "
            "en cours."
        ),
    )
    description = models.CharField(
        _("description courte"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase affichée sous le titre : à quoi sert le document, pour qui."),
    )
    description_en = english_copy(description)
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("rubrique"),
    )
    order = models.PositiveIntegerField(
        _("ordre dans la rubrique"),
        default=0,
        help_text=_("Les documents d'une rubrique sont classés par ce numéro, puis par titre."),
    )
    file = models.FileField(
        _("fichier"),
        upload_to=document_upload_to,
        storage=document_storage,
        max_length=255,
        help_text=_(
            "PDF de préférence (ou Word, Excel, PowerPoint, LibreOffice). Pour publier une "
            "nouvelle version, remplacez le fichier ici : le lien public reste le même."
        ),
    )
    valid_until = models.DateField(
        _("valable jusqu'au"),
        null=True,
        blank=True,
        help_text=_(
            "Facultatif. Le lendemain de cette date, le document disparaît seul de la liste "
            "et son lien ne répond plus (par exemple un calendrier de l'année passée)."
        ),
    )
    is_featured = models.BooleanField(
        _("mis en avant"),
        default=False,
        help_text=_("Affiché aussi sur la page d'accueil, parmi les documents clés."),
    )
    language = models.CharField(
        _("langue du document"),
        max_length=5,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.FRENCH,
    )
    accessible_alternative = models.FileField(
        _("version accessible"),
        upload_to=alternative_upload_to,
        storage=document_storage,
        max_length=255,
        blank=True,
        help_text=_(
            "Facultatif : une version du même contenu lisible par tous (par exemple un Word "
            "structuré ou un PDF balisé), proposée à côté du téléchargement."
        ),
    )
    accessible_summary = RichTextField(
        _("résumé accessible"),
        help_text=_(
            "Facultatif : l'essentiel du document en texte, affiché sur la liste à côté du "
            "téléchargement (dates, pièces à fournir…)."
        ),
    )
    # Derived from the file on save, never typed.
    file_type = models.CharField(
        _("type de fichier"), max_length=5, choices=FileKind.choices, editable=False
    )
    file_size = models.PositiveBigIntegerField(_("taille (octets)"), default=0, editable=False)
    original_filename = models.CharField(
        _("nom du fichier envoyé"), max_length=200, blank=True, editable=False
    )
    page_count = models.PositiveIntegerField(_("nombre de pages"), null=True, editable=False)
    file_updated_at = models.DateTimeField(
        _("fichier mis à jour le"), default=timezone.now, editable=False
    )
    pdf_is_tagged = models.BooleanField(_("PDF balisé"), null=True, editable=False)
    pdf_title = models.CharField(_("titre du PDF"), max_length=200, blank=True, editable=False)
    pdf_language = models.CharField(_("langue du PDF"), max_length=35, blank=True, editable=False)
    # What the search reads in the file (bounded; empty for a file pypdf cannot read).
    pdf_text = models.TextField(_("texte du PDF"), blank=True, default="", editable=False)
    alternative_type = models.CharField(
        _("type de la version accessible"),
        max_length=5,
        choices=FileKind.choices,
        blank=True,
        editable=False,
    )
    alternative_size = models.PositiveBigIntegerField(
        _("taille de la version accessible"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Title, description and PDF text as PostgreSQL searches them, computed after each save.
    search_document = SearchDocumentField()
    # The same in English (English twins, French where they are empty, English stemming).
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

    objects = DocumentQuerySet.as_manager()

    translated_fields = ("title", "description")
    # Where the language switcher leads from a document without an English version.
    translation_parent_url_name = "documents:list"

    slug_fallback = "document"
    # The link may be printed on a brochure before the document is even published.
    slug_fixed_at_creation = True

    class Meta(Publishable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["category__order", "order", "title"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(file_type__in=FileKind.values),
                name="documents_document_file_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(alternative_type="") | Q(alternative_type__in=FileKind.values),
                name="documents_document_alternative_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=DocumentLanguage.values),
                name="documents_document_language_valid",
            ),
        ]
        indexes = [models.Index(fields=["category", "order"], name="documents_category_order")]

    def __str__(self):
        return self.title

    def prepare_files(self):
        if self.file and not self.file._committed:
            self._describe_new_file()
        if self.accessible_alternative and not self.accessible_alternative._committed:
            self.alternative_type = _extension(self.accessible_alternative.name)
            self.alternative_size = self.accessible_alternative.size
        elif not self.accessible_alternative:
            self.alternative_type, self.alternative_size = "", 0

    def get_absolute_url(self):
        return reverse("documents:download", kwargs={"slug": self.slug})

    def _describe_new_file(self):
        """Derive type, size, pages and the RGAA 13.3 report from a newly uploaded file."""
        uploaded = self.file.file
        self.file_type = _extension(self.file.name)
        self.file_size = self.file.size
        self.original_filename = original_name_of(self.file.name)
        self.file_updated_at = timezone.now()
        if self.file_type == FileKind.PDF:
            report = inspect_pdf(uploaded)
            self.page_count = report.page_count
            self.pdf_is_tagged = report.is_tagged
            self.pdf_title = report.title
            self.pdf_language = report.language
            self.pdf_text = extract_pdf_text(uploaded)
        else:
            self.page_count = self.pdf_is_tagged = None
            self.pdf_title = self.pdf_language = self.pdf_text = ""

    def pdf_report(self):
        """The RGAA 13.3 report stored at upload, for the admin."""
        if self.file_type != FileKind.PDF:
            return None
        return PdfReport(
            is_readable=self.pdf_is_tagged is not None,
            page_count=self.page_count,
            is_tagged=self.pdf_is_tagged,
            title=self.pdf_title,
            language=self.pdf_language,
        )

    def is_expired(self, today=None):
        return self.valid_until is not None and self.valid_until < (today or timezone.localdate())

    @property
    def is_new(self):
        return self.file_updated_at >= timezone.now() - NEW_FOR

    @property
    def content_type(self):
        return FILE_TYPES[self.file_type].content_type

    @property
    def type_label(self):
        return FILE_TYPES[self.file_type].label if self.file_type in FILE_TYPES else ""

    @property
    def size_label(self):
        return human_size(self.file_size)

    @property
    def alternative_type_label(self):
        return FILE_TYPES[self.alternative_type].label if self.alternative_type else ""

    @property
    def alternative_size_label(self):
        return human_size(self.alternative_size)

    @property
    def download_name(self):
        return download_name(self.title, self.file_type)

    @property
    def alternative_download_name(self):
        return download_name(f"{self.title} (version accessible)", self.alternative_type)

    def get_alternative_url(self):
        return reverse("documents:alternative", kwargs={"slug": self.slug})


def _extension(name):
    return os.path.splitext(name)[1].lstrip(".").lower()
