"""Publication state shared by every kind of public content.

A record is either a draft, or published from a date and time; a future date means
scheduled, and the record appears by itself when that time comes (no cron job).
`PublishableQuerySet.published()` is the one place that decides what visitors see.
"""

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
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

    @property
    def preview_label(self):
        """What the preview banner says: a scheduled record is not a draft, it has a date."""
        if self.is_scheduled():
            return _("Programmé pour le %(date)s — non visible du public d'ici là") % {
                "date": date_format(timezone.localtime(self.published_at), _("d/m/Y à H:i"))
            }
        return _("Brouillon — non visible du public")


def mark_as_preview(response):
    """A preview is for one reader: no shared cache keeps it, no search engine lists it."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def can_preview(request):
    """Staff may look at drafts and scheduled records on the public site."""
    return request.user.is_authenticated and request.user.is_staff


def visible_or_404(request, queryset, *, public=None, **lookup):
    """The record of `queryset` matching `lookup` if this request may see it, else Http404.

    The one visibility gate of the public site's detail pages and downloads. Visitors get
    records of `public` (default: `queryset.published()`); staff get any record; a valid
    shareable preview link (`?apercu=…`, see core/preview.py) opens the one record it was
    made for, and no other. Whether the record is a preview is the caller's to tell (for
    the banner and the cache headers): it is one when it is not in `public`.
    """
    if can_preview(request):
        return get_object_or_404(queryset, **lookup)
    if public is None:
        public = queryset.published()
    try:
        return get_object_or_404(public, **lookup)
    except Http404:
        # Imported here: core.preview uses core.models, which imports this module.
        from core.preview import preview_link_from_request, preview_link_opens

        link = preview_link_from_request(request)
        if link is None:
            raise
        obj = get_object_or_404(queryset, **lookup)
        if not preview_link_opens(link, obj):
            raise
        return obj


class PublishableDetailMixin:
    """DetailView mixin: the shared gate (`visible_or_404`) picks the record.

    A draft's public URL answers 404 to visitors; for staff, and for anyone holding a
    valid shareable preview link to this very record, it renders with a banner (the
    template receives `is_preview`). Override `get_public_queryset()` when visitors see
    less than `.published()`.
    """

    def get_public_queryset(self, queryset):
        return queryset.published()

    def get_object(self, queryset=None):
        if queryset is None:
            queryset = self.get_queryset()
        return visible_or_404(
            self.request,
            queryset,
            public=self.get_public_queryset(queryset),
            **self._lookup(),
        )

    def _lookup(self):
        # The URL keyword arguments SingleObjectMixin.get_object() would use.
        pk = self.kwargs.get(self.pk_url_kwarg)
        slug = self.kwargs.get(self.slug_url_kwarg)
        if pk is not None:
            lookup = {"pk": pk}
            if slug is not None and self.query_pk_and_slug:
                lookup[self.get_slug_field()] = slug
            return lookup
        if slug is not None:
            return {self.get_slug_field(): slug}
        raise AttributeError(
            f"{type(self).__name__} must be called with either an object pk or a slug "
            "in the URLconf."
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_published()
        # Staff see the record's accessibility warnings under the banner (base.html).
        context["checked_objects"] = [self.object]
        if context["is_preview"]:
            context["preview_label"] = self.object.preview_label
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context.get("is_preview"):
            mark_as_preview(response)
        return response
