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
