"""Fixed pages (legal notice, accessibility, privacy, access map) and contact messages."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.richtext import RichTextField
from core.search_document import SearchDocumentField
from core.translation import Translatable, TranslatableQuerySet, english_copy

# --- Standalone pages and contact messages (site pages and discovery) -------------------


class PageSlug(models.TextChoices):
    """The fixed pages the layout links to; their addresses never change."""

    ACCESS_MAP = "plans-acces", _("Plans d'accès")
    LEGAL_NOTICE = "mentions-legales", _("Mentions légales")
    ACCESSIBILITY = "accessibilite", _("Accessibilité")
    PRIVACY = "donnees-personnelles", _("Données personnelles")


# Pages whose French text is the legal reference: their English version says so at its top.
LEGAL_PAGES = frozenset({PageSlug.LEGAL_NOTICE, PageSlug.ACCESSIBILITY, PageSlug.PRIVACY})

# The URL name of each fixed page, in the `programme` namespace.
PAGE_URL_NAMES = {
    PageSlug.ACCESS_MAP: "access_map",
    PageSlug.LEGAL_NOTICE: "legal_notice",
    PageSlug.ACCESSIBILITY: "accessibility",
    PageSlug.PRIVACY: "privacy",
}


class Page(Translatable, models.Model):
    """A page of the site edited in the admin whose address is fixed (legal notice…), in
    English at /en/… once its English title is filled in (core/translation.py)."""

    slug = models.CharField(
        _("page"),
        max_length=40,
        unique=True,
        choices=PageSlug.choices,
        help_text=_("Chaque page a une adresse fixe, reliée depuis le pied de page."),
    )
    title = models.CharField(_("titre"), max_length=200)
    title_en = english_copy(
        title,
        help_text=_("Facultatif : sans titre en anglais, la page n'existe pas en anglais."),
    )
    summary = models.CharField(
        _("résumé"),
        max_length=300,
        blank=True,
        help_text=_(
            "Une ou deux phrases affichées par les moteurs de recherche et lors d'un partage. "
            "Laissez vide pour reprendre le début du texte."
        ),
    )
    summary_en = english_copy(summary)
    body = RichTextField(_("texte"))
    body_en = english_copy(body)
    directions = RichTextField(
        _("comment venir"),
        help_text=_(
            "Plans d'accès seulement : bus, train, voiture, stationnement, accès pour les "
            "personnes à mobilité réduite."
        ),
    )
    directions_en = english_copy(directions)
    map_image = models.ForeignKey(
        "core.Image",
        verbose_name=_("image du plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Plans d'accès seulement : un plan du campus (image). Son texte alternatif le "
            "nomme en une phrase ; décrivez-le en détail dans « description du plan ». "
            "L'adresse écrite reste affichée à côté."
        ),
    )
    map_description = models.TextField(
        _("description du plan"),
        blank=True,
        help_text=_(
            "Plans d'accès seulement : ce que montre le plan, en phrases, pour qui ne le voit "
            "pas (lu par les lecteurs d'écran, affiché sous le plan). Par exemple : « Le "
            "bâtiment de l'UFR est au nord de l'île, entre l'arrêt de bus Saulcy et la "
            "bibliothèque ; l'entrée principale fait face au parking. »"
        ),
    )
    map_description_en = english_copy(map_description)
    needs_review = models.BooleanField(
        _("à vérifier par le secrétariat"),
        default=False,
        help_text=_(
            "Cochée sur le texte proposé à la mise en ligne du site : relisez-le, complétez "
            "les informations manquantes, puis décochez."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    # Title and text as PostgreSQL searches them, computed after each save.
    search_document = SearchDocumentField()
    # The same in English (English twins, French where they are empty, English stemming).
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

    objects = TranslatableQuerySet.as_manager()

    translated_fields = ("title", "summary", "body", "directions", "map_description")
    # Where the language switcher leads from a page without an English version.
    translation_parent_url_name = "home"

    class Meta:
        # Moved from the programme app: the table keeps its name (and its rows).
        db_table = "programme_page"
        verbose_name = _("page fixe")
        verbose_name_plural = _("pages fixes")
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slug__in=PageSlug.values),
                name="programme_page_slug_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"pages:{PAGE_URL_NAMES[self.slug]}")

    @property
    def is_legal(self):
        """Whether its French text is the legal reference (legal notice, privacy, accessibility)."""
        return self.slug in LEGAL_PAGES


class ContactMessageQuerySet(models.QuerySet):
    def older_than(self, moment):
        """Messages received before `moment` (the retention limit stated on the privacy page)."""
        return self.filter(created_at__lt=moment)


class ContactMessage(models.Model):
    """A message sent through the contact form, kept so that nothing is lost if mail fails."""

    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse e-mail"), max_length=254)
    subject = models.CharField(_("objet"), max_length=200)
    message = models.TextField(_("message"), max_length=5000)
    consented_at = models.DateTimeField(
        _("consentement donné le"),
        help_text=_("Date à laquelle la personne a accepté le traitement de son message."),
    )
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    is_handled = models.BooleanField(
        _("traité"),
        default=False,
        help_text=_("Cochez quand une réponse a été apportée."),
    )

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        # Moved from the programme app: the table keeps its name (and its rows).
        db_table = "programme_contactmessage"
        verbose_name = _("message de contact")
        verbose_name_plural = _("messages de contact")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} — {self.name}"
