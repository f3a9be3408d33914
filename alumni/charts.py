"""Insertion figures drawn on the server as HTML bars, with the same numbers as a table.

The counts cover exactly the entries a visitor can see in the directory with their
sector: published alumni who agreed to publish their name and their position and
employer. Nobody who withheld that consent is counted, so the figures reveal nothing
the directory does not already show.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from alumni.models import Alumnus


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent_of_max: float  # bar length, 0–100, relative to the longest bar
    share: float  # share of the total, 0–100, rounded to one decimal


@dataclass(frozen=True)
class BarChart:
    key: str  # used for the element ids
    title: str
    caption: str
    label_header: str
    bars: list[Bar]

    @property
    def total(self):
        return sum(bar.count for bar in self.bars)


def bars_from_counts(pairs):
    """[(label, count)] → [Bar], keeping the order given and skipping empty groups."""
    pairs = [(label, count) for label, count in pairs if count]
    largest = max((count for _label, count in pairs), default=0)
    total = sum(count for _label, count in pairs)
    return [
        Bar(
            label=str(label),
            count=count,
            percent_of_max=round(100 * count / largest, 1),
            share=round(100 * count / total, 1),
        )
        for label, count in pairs
    ]


def counted_alumni():
    """The records the figures count (see the module docstring)."""
    return Alumnus.objects.published().filter(consents_to_career=True)


def sector_chart():
    """Counts by sector, in the sectors' own order (one query)."""
    rows = (
        counted_alumni()
        .filter(sector__isnull=False)
        .values("sector__name", "sector__order")
        .annotate(count=Count("pk"))
        .order_by("sector__order", "sector__name")
    )
    return BarChart(
        key="secteurs",
        label_header=_("Secteur"),
        title=_("Anciens étudiants par secteur d'activité"),
        caption=_("Nombre d'anciens étudiants de l'annuaire dans chaque secteur"),
        bars=bars_from_counts((row["sector__name"], row["count"]) for row in rows),
    )


def cohort_chart():
    """Counts by cohort, newest first (one query)."""
    rows = counted_alumni().values("cohort").annotate(count=Count("pk")).order_by("-cohort")
    return BarChart(
        key="promotions",
        label_header=_("Promotion"),
        title=_("Anciens étudiants par promotion"),
        caption=_("Nombre d'anciens étudiants de l'annuaire dans chaque promotion"),
        bars=bars_from_counts((row["cohort"], row["count"]) for row in rows),
    )
