"""What the admin keeps of its own work: the result of the last link check, which kinds
of content wait for approval before publication and the changes waiting for it."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class LinkCheck(models.Model):
    """The result of a link check (`manage.py check_links` or the admin report): the admin
    home counts the broken links of the last one without crawling the site again."""

    checked_at = models.DateTimeField(_("vérifié le"), auto_now_add=True)
    checked = models.PositiveIntegerField(_("liens vérifiés"), default=0)
    broken = models.JSONField(_("liens cassés"), default=list, blank=True)

    class Meta:
        verbose_name = _("vérification des liens")
        verbose_name_plural = _("vérifications des liens")
        ordering = ["-checked_at", "-pk"]

    def __str__(self):
        return f"{self.checked_at:%d/%m/%Y %H:%M} : {len(self.broken)}"

    @classmethod
    def record(cls, report):
        """Store a `LinkReport`; only the last few results are kept."""
        check = cls.objects.create(
            checked=report.checked,
            broken=[
                {
                    "source": link.source,
                    "field": link.field,
                    "href": link.href,
                    "reason": link.reason,
                    "admin_url": link.admin_url,
                }
                for link in report.broken
            ],
        )
        kept = list(cls.objects.values_list("pk", flat=True)[:5])
        cls.objects.exclude(pk__in=kept).delete()
        return check

    @classmethod
    def last(cls):
        return cls.objects.first()


class ApprovalSetting(models.Model):
    """Whether changes to a kind of record wait for the academic lead's approval before
    the public sees them (backoffice/workflow.py). A kind without a row is not reviewed."""

    content_type = models.OneToOneField(
        ContentType,
        verbose_name=_("type de contenu"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    approval_required = models.BooleanField(
        _("validation avant publication"),
        default=False,
        help_text=_(
            "Cochée : une modification du secrétariat sur un contenu déjà visible du public "
            "attend l'accord du responsable pédagogique ; les visiteurs voient la version "
            "publiée d'ici là. Décochée : enregistrer publie aussitôt."
        ),
    )

    class Meta:
        verbose_name = _("validation avant publication")
        verbose_name_plural = _("validation avant publication")
        ordering = ["content_type__app_label", "content_type__model"]

    def __str__(self):
        model = self.content_type.model_class()
        if model is None:
            return f"{self.content_type.app_label}.{self.content_type.model}"
        return str(capfirst(model._meta.verbose_name_plural))


class PendingRevisionState(models.TextChoices):
    DRAFT = "draft", _("En cours")
    SUBMITTED = "submitted", _("Soumise pour validation")
    RETURNED = "returned", _("Renvoyée")
    APPROVED = "approved", _("Approuvée, publication programmée")
    PUBLISHED = "published", _("Publiée")
    ABANDONED = "abandoned", _("Abandonnée")


# States of a revision not yet applied nor abandoned: a record has at most one of them.
OPEN_STATES = [
    PendingRevisionState.DRAFT,
    PendingRevisionState.SUBMITTED,
    PendingRevisionState.RETURNED,
    PendingRevisionState.APPROVED,
]


class PendingRevisionQuerySet(models.QuerySet):
    def open(self):
        """Revisions not yet published nor abandoned."""
        return self.filter(state__in=OPEN_STATES)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
        )

    def due(self, now):
        """Approved revisions whose publication time has come."""
        return self.filter(state=PendingRevisionState.APPROVED, publish_at__lte=now)


class PendingRevision(models.Model):
    """A change to a public record that waits for approval: the record and its inline
    lines as django-reversion serializes them, applied like a restore once approved."""

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("type de contenu"), on_delete=models.CASCADE
    )
    object_id = models.CharField(_("identifiant"), max_length=191)
    object_repr = models.CharField(_("élément"), max_length=300)
    state = models.CharField(
        _("état"),
        max_length=10,
        choices=PendingRevisionState.choices,
        default=PendingRevisionState.DRAFT,
    )
    # [{"model": "app.model", "object_id": "…", "format": "json", "data": "…", "db": "…",
    #   "is_new": bool}, …]: reversion's serialization of each object of the revision.
    versions = models.JSONField(_("contenu proposé"), default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("soumise par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("soumise le"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validée ou renvoyée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    comment = models.TextField(_("commentaire du responsable"), blank=True)
    publish_at = models.DateTimeField(_("publication prévue le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    objects = PendingRevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("modification en attente")
        verbose_name_plural = _("modifications en attente")
        ordering = ["-updated_at", "-pk"]
        permissions = [("review_pendingrevision", _("Peut approuver ou renvoyer"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=PendingRevisionState.values),
                name="backoffice_pendingrevision_state_valid",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state__in=OPEN_STATES),
                name="backoffice_pendingrevision_one_open_per_record",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=PendingRevisionState.APPROVED)
                | models.Q(publish_at__isnull=False),
                name="backoffice_pendingrevision_approved_has_date",
            ),
        ]

    def __str__(self):
        return self.object_repr

    @property
    def model(self):
        return self.content_type.model_class()

    def target(self):
        """The live record this revision changes (None once deleted)."""
        model = self.model
        if model is None:
            return None
        return model._default_manager.filter(pk=self.object_id).first()
