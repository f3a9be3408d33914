"""What the admin keeps of its own work: the result of the last link check."""

from django.db import models
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
