"""Lists staff put in order by hand: categories of news, headings of documents, sectors."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderedItem(models.Model):
    """Abstract: a named entry of a short list, shown by its number, then by its name."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(
        _("ordre"),
        default=0,
        help_text=_("Présentés du plus petit numéro au plus grand, puis par ordre alphabétique."),
    )

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class OrderedCategory(OrderedItem):
    """Abstract: an `OrderedItem` visitors reach by its slug (a filter, an anchor)."""

    slug = models.SlugField(
        _("identifiant dans l'adresse"),
        max_length=100,
        unique=True,
        help_text=_(
            "Tiré du nom : lettres minuscules, chiffres et tirets. Évitez de le changer : "
            "les liens déjà partagés vers cette catégorie ne marcheraient plus."
        ),
    )

    class Meta(OrderedItem.Meta):
        abstract = True
