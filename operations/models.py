from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row shared by every app server: the number of the current state of the content.

    Cached public pages are stored under this number, so a change made through any server
    is seen by every server on its next request. `next_publication_at` is the time at which
    a scheduled item appears by itself: the number moves on then too.
    """

    number = models.PositiveBigIntegerField(_("numéro de version du contenu"), default=1)
    next_publication_at = models.DateTimeField(
        _("prochaine publication programmée"), null=True, blank=True
    )
    changed_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("version du contenu")
        verbose_name_plural = _("versions du contenu")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(id=1), name="operations_contentversion_single"
            ),
        ]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.number}"


class DemoRecordQuerySet(models.QuerySet):
    def for_model(self, model):
        """The demo marks of one model's records."""
        return self.filter(content_type=ContentType.objects.get_for_model(model))


class DemoRecord(models.Model):
    """A record created by `generate_demo_content`, of any content model.

    The content models carry no demo column: what is demo is listed here, by the one
    command that creates it (see operations.demo).
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, verbose_name=_("type de contenu")
    )
    object_id = models.PositiveBigIntegerField(_("identifiant du contenu"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = DemoRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("contenu de démonstration")
        verbose_name_plural = _("contenus de démonstration")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="operations_demorecord_unique"
            ),
        ]

    def __str__(self):
        return f"{self.content_type} #{self.object_id}"
