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

SLUG_MAX_LENGTH = 200


class Category(OrderedCategory):
    """A kind of news item (« Soutenance », « Offre de stage »…): the list's filter
    (/actualites/?categorie=<slug>)."""

    class Meta(OrderedCategory.Meta):
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def get_absolute_url(self):
        return f"{reverse('news:list')}?categorie={self.slug}"


def start_of_day(now):
    """Midnight (Paris time) of the day `now` falls in."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


class NewsItemQuerySet(PublishableQuerySet):
    def for_list(self):
        """What lists, cards and feeds show: category and image fetched with the item."""
        return self.select_related("category", "image")

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


class NewsItem(StableSlug, Publishable):
    """A news item of « Vie de la formation », possibly an event with a date and a place."""

    title = models.CharField(_("titre"), max_length=200)
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
    summary = models.TextField(
        _("chapô"),
        max_length=400,
        help_text=_(
            "Deux ou trois phrases, sans mise en forme : affichées dans les listes, la page "
            "d'accueil, le flux RSS et les résultats des moteurs de recherche."
        ),
    )
    body = RichTextField(_("texte"), help_text=_("Le texte complet de l'actualité."))
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
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Title and text as PostgreSQL searches them, computed after each save.
    search_document = SearchDocumentField()

    objects = NewsItemQuerySet.as_manager()

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
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

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
        return reverse("news:event_ics", kwargs={"slug": self.slug})

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
