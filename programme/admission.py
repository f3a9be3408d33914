"""What the admission block says on a given day, from the phases staff entered.

Pure functions of (phases, today): the block changes by itself with the date, and
tests inject the day instead of waiting for it.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programme.models import AdmissionTrack


@dataclass(frozen=True)
class TrackStatus:
    """One way into the programme (M1, M2, continuing education) on one day."""

    track: str
    label: str
    is_open: bool
    message: str
    phase_label: str
    notes: str
    url: str


def long_date(day):
    return date_format(day, "j F Y")


def admission_statuses(phases, today=None, monmaster_url=""):
    """The status of every track that has at least one phase, in the tracks' order."""
    today = today or timezone.localdate()
    statuses = []
    for track in AdmissionTrack:
        track_phases = [phase for phase in phases if phase.track == track]
        if not track_phases:
            continue
        open_phases = [p for p in track_phases if p.opens_on <= today <= p.closes_on]
        upcoming = [p for p in track_phases if p.opens_on > today]
        if open_phases:
            phase = min(open_phases, key=lambda p: p.closes_on)
            message = _("Candidatures ouvertes jusqu'au %(date)s") % {
                "date": long_date(phase.closes_on)
            }
        elif upcoming:
            phase = min(upcoming, key=lambda p: p.opens_on)
            message = _("Candidatures closes, prochaine ouverture le %(date)s") % {
                "date": long_date(phase.opens_on)
            }
        else:
            phase = None
            message = _("Candidatures closes pour cette année universitaire.")
        url = (phase.url if phase else "") or (monmaster_url if track == AdmissionTrack.M1 else "")
        statuses.append(
            TrackStatus(
                track=track.value,
                label=str(track.label),
                is_open=bool(open_phases),
                message=message,
                phase_label=phase.label if phase else "",
                notes=phase.notes if phase else "",
                url=url,
            )
        )
    return statuses
