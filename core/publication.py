"""Publication state shared by every kind of public content.

A record is either a draft, or published from a date and time; a future date means
scheduled, and the record appears by itself when that time comes (no cron job).
`PublishableQuerySet.published()` is the one place that decides what visitors see.
"""

from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PUBLISHED = "published", _("Publié")


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """Records visitors may see at `now` (default: the current time)."""
        return self.filter(
            status=PublicationStatus.PUBLISHED,
            published_at__lte=now or timezone.now(),
        )

    def scheduled(self, now=None):
        """Records set to appear later by themselves."""
        return self.filter(
            status=PublicationStatus.PUBLISHED,
            published_at__gt=now or timezone.now(),
        )

    def drafts(self):
        """Records nobody outside the staff can see."""
        return self.filter(status=PublicationStatus.DRAFT)


class Publishable(models.Model):
    """Abstract model: a draft, or published from `published_at` (future = scheduled)."""

    status = models.CharField(
        _("état"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        help_text=_(
            "« Brouillon » : visible seulement par l'équipe, avec l'aperçu. "
            "« Publié » : visible par tous à partir de la date de publication."
        ),
    )
    published_at = models.DateTimeField(
        _("date de publication"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Laissez vide pour publier tout de suite. Une date future programme la "
            "publication : le contenu apparaîtra seul à cette heure-là (heure de Paris)."
        ),
    )

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=PublicationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PublicationStatus.PUBLISHED)
                | models.Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
        ]

    def save(self, *args, **kwargs):
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Forms validate the constraints before save(): date a « publish now » here too,
        # or the admin would refuse it with the constraint's technical message.
        if self.status == PublicationStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_published(self, now=None):
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= (now or timezone.now())
        )

    def is_scheduled(self, now=None):
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at > (now or timezone.now())
        )

    @property
    def publication_label(self):
        """What the public sees of this record, in words, for staff."""
        if self.is_published():
            return _("Publié")
        if self.is_scheduled():
            return _("Programmé")
        return _("Brouillon")


def mark_as_preview(response):
    """A preview is for one reader: no shared cache keeps it, no search engine lists it."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def can_preview(request):
    """Staff may look at drafts and scheduled records on the public site."""
    return request.user.is_authenticated and request.user.is_staff


class PublishableDetailMixin:
    """DetailView mixin: visitors get published records only, staff also get previews.

    A draft's public URL answers 404 to visitors; for staff, and for anyone holding a
    valid shareable preview link to this very record (`?apercu=…`, see
    programme/preview.py), it renders with a banner (the template receives `is_preview`).
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        if can_preview(self.request) or self._preview_link() is not None:
            return queryset
        return queryset.published()

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if obj.is_published() or can_preview(self.request):
            return obj
        # Imported here: programme.models (which the preview helpers use) imports this module.
        from core.preview import preview_link_opens

        # A link made for another record must not open this one.
        if not preview_link_opens(self._preview_link(), obj):
            raise Http404
        return obj

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published()
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            mark_as_preview(response)
        return response

    def _preview_link(self):
        if not hasattr(self, "_cached_preview_link"):
            from core.preview import preview_link_from_request

            self._cached_preview_link = preview_link_from_request(self.request)
        return self._cached_preview_link
