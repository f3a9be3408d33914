from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.categories import OrderedCategory
from core.models import Image
from core.publication import Publishable, PublishableQuerySet
from core.richtext import RichTextField
from core.search_document import SearchDocumentField
from core.slugs import StableSlug
from core.translation import (
    SOURCE_LANGUAGE,
    Translatable,
    TranslatableQuerySet,
    active_language,
    english_copy,
)

SLUG_MAX_LENGTH = 200


class Category(Translatable, OrderedCategory):
    """A kind of news item (« Soutenance », « Offre de stage »…): the list's filter
    (/actualites/?categorie=<slug>). Its slug is the same in both languages."""

    name_en = english_copy(OrderedCategory._meta.get_field("name"))

    translated_fields = ("name",)

    class Meta(OrderedCategory.Meta):
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def get_absolute_url(self):
        return f"{reverse('news:list')}?categorie={self.slug}"


def start_of_day(now):
    """Midnight (Paris time) of the day `now` falls in."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


class NewsItemQuerySet(TranslatableQuerySet, PublishableQuerySet):
    def for_list(self):
        """What lists, cards and feeds show: category and image fetched with the item."""
        return self.select_related("category", "image")

    def with_slug(self, slug, language=None):
        """The item at /actualites/<slug>/, or in English at /en/news/<slug>/: one with an
        English version and that English slug."""
        language = language or active_language()
        if language == SOURCE_LANGUAGE:
            return self.filter(slug=slug)
        return self.in_language(language).filter(slug_en=slug)

    def newest_first(self):
        """Latest publication first; the id settles items published at the same time."""
        return self.order_by("-published_at", "-pk")

    def events(self):
        """Items with a start date: that date, not the category, makes an event."""
        return self.filter(starts_at__isnull=False)

    def upcoming_events(self, now=None):
        """Published events not over at `now`: running or to come, soonest first.

        An event without an end time stays « à venir » until the end of its day.
        """
        now = now or timezone.now()
        return (
            self.published(now)
            .events()
            .filter(
                models.Q(ends_at__gte=now)
                | models.Q(ends_at__isnull=True, starts_at__gte=start_of_day(now))
            )
            .order_by("starts_at", "pk")
        )


class NewsItem(Translatable, StableSlug, Publishable):
    """A news item of « Vie de la formation », possibly an event with a date and a place.

    In English once its English title is filled in (core/translation.py), at
    /en/news/<slug_en>/."""

    title = models.CharField(_("titre"), max_length=200)
    title_en = english_copy(
        title,
        help_text=_(
            "Facultatif : sans titre en anglais, l'actualité n'existe pas sur le site en "
            "anglais (ni liste, ni page, ni flux)."
        ),
    )
    slug = models.SlugField(
        _("adresse de la page"),
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "Fin de l'adresse de la page, tirée du titre. Elle ne change plus une fois "
            "l'actualité publiée, pour que les liens déjà partagés restent valables."
        ),
    )
    slug_en = english_copy(
        slug,
        help_text=_(
            "Fin de l'adresse de la page en anglais, tirée du titre anglais. Elle ne change "
            "plus une fois l'actualité publiée avec son titre anglais."
        ),
    )
    summary = models.TextField(
        _("chapô"),
        max_length=400,
        help_text=_(
            "Deux ou trois phrases, sans mise en forme : affichées dans les listes, la page "
            "d'accueil, le flux RSS et les résultats des moteurs de recherche."
        ),
    )
    summary_en = english_copy(summary)
    body = RichTextField(_("texte"), help_text=_("Le texte complet de l'actualité."))
    body_en = english_copy(body)
    image = models.ForeignKey(
        Image,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultative. Choisissez une image de la médiathèque ou ajoutez-en une (+)."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("catégorie"),
        on_delete=models.PROTECT,
        related_name="news_items",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_pinned = models.BooleanField(
        _("épinglée"),
        default=False,
        help_text=_(
            "Cochez pour garder cette actualité en tête de la page d'accueil, avant les "
            "plus récentes. Décochez-la quand elle n'est plus d'actualité."
        ),
    )
    starts_at = models.DateTimeField(
        _("début"),
        null=True,
        blank=True,
        help_text=_(
            "Date et heure (heure de Paris). Avec une date de début, l'actualité est un "
            "événement : elle figure dans « À venir » jusqu'à sa fin, avec un fichier agenda "
            "à télécharger. Laissez vide pour une simple actualité."
        ),
    )
    ends_at = models.DateTimeField(
        _("fin"),
        null=True,
        blank=True,
        help_text=_("Facultative. Sans fin, l'événement reste « à venir » jusqu'au soir."),
    )
    location = models.CharField(
        _("lieu"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple : UFR SHA, Île du Saulcy, Metz — amphi B."),
    )
    location_en = english_copy(location)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Title and text as PostgreSQL searches them, computed after each save.
    search_document = SearchDocumentField()
    # The same in English (English twins, French where they are empty, English stemming).
    search_document_en = SearchDocumentField(verbose_name=_("document de recherche (anglais)"))

    objects = NewsItemQuerySet.as_manager()

    translated_fields = ("title", "summary", "body", "location")
    # Where the language switcher leads from a page whose item has no English version.
    translation_parent_url_name = "news:list"
    slug_fallback = "actualite"

    class Meta:
        verbose_name = _("actualité")
        verbose_name_plural = _("actualités")
        ordering = ["-published_at", "-pk"]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(starts_at__isnull=False, ends_at__gte=models.F("starts_at")),
                name="news_newsitem_event_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["slug_en"],
                condition=~models.Q(slug_en=""),
                name="news_newsitem_slug_en_unique",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The item's address in the active language (contract: core/translation.py)."""
        return reverse("news:detail", kwargs={"slug": self.slug_in(active_language())})

    def slug_in(self, language):
        """The end of its address in `language` (the French slug until it has an English one)."""
        if language == SOURCE_LANGUAGE:
            return self.slug
        return self.slug_en or self.slug

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("La fin de l'événement doit venir après son début.")
        if self.ends_at and not self.starts_at:
            errors["starts_at"] = _("Indiquez le début de l'événement avant sa fin.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_event(self):
        """An event is an item with a start date (whatever its category)."""
        return self.starts_at is not None

    def ics_url(self):
        return reverse("news:event_ics", kwargs={"slug": self.slug_in(active_language())})

    def is_upcoming(self, now=None):
        """Still worth announcing at `now` (same rule as `upcoming_events`)."""
        if not self.is_event:
            return False
        now = now or timezone.now()
        if self.ends_at:
            return self.ends_at >= now
        return self.starts_at >= start_of_day(now)

    def spans_several_days(self):
        if not (self.starts_at and self.ends_at):
            return False
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)
