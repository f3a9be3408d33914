"""What the admission block says on a given day, from the phases staff entered.

Pure functions of (phases, today): the block changes by itself with the date, and
tests inject the day instead of waiting for it.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.templatetags.dates import date_fr
from core.translation import active_language
from programme.models import AdmissionTrack

# From this many days before the deadline, the block counts the days left.
CLOSING_SOON_DAYS = 14


class AdmissionState:
    OPEN = "open"
    CLOSING_SOON = "closing"
    UPCOMING = "upcoming"
    CLOSED = "closed"


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
    state: str = AdmissionState.CLOSED
    closing_notice: str = ""
    # The language of the phase's label and notes when not the page's (French shown on an
    # English page for want of a translation), for a `lang` attribute; "" otherwise.
    phase_label_lang: str = ""
    notes_lang: str = ""

    @property
    def label_in_sentence(self):
        """The label inside a sentence: « entrée en M2 » (only the first letter lowered)."""
        return self.label[:1].lower() + self.label[1:]


def long_date(day):
    """« 1er mars 2027 », « 24 mars 2027 » (« 1 March 2027 » on an English page)."""
    return date_fr(day)


def closing_in(days):
    """« clôture aujourd'hui », « clôture demain », « clôture dans 5 jours »."""
    if days == 0:
        return _("clôture aujourd'hui")
    if days == 1:
        return _("clôture demain")
    return ngettext("clôture dans %(days)d jour", "clôture dans %(days)d jours", days) % {
        "days": days
    }


def _other_language(phase, field_name):
    """The language of `phase`'s field as shown, when it is not the page's ("" else)."""
    if phase is None:
        return ""
    language = getattr(phase.localized.language_of, field_name)
    return "" if language == active_language() else language


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
        closing_notice = ""
        if open_phases:
            phase = min(open_phases, key=lambda p: p.closes_on)
            days_left = (phase.closes_on - today).days
            message = _("Candidatures ouvertes jusqu'au %(date)s") % {
                "date": long_date(phase.closes_on)
            }
            if days_left <= CLOSING_SOON_DAYS:
                state = AdmissionState.CLOSING_SOON
                closing_notice = closing_in(days_left)
            else:
                state = AdmissionState.OPEN
        elif upcoming:
            phase = min(upcoming, key=lambda p: p.opens_on)
            state = AdmissionState.UPCOMING
            message = _("Candidatures closes, prochaine ouverture le %(date)s") % {
                "date": long_date(phase.opens_on)
            }
        else:
            phase = None
            state = AdmissionState.CLOSED
            message = _("Candidatures closes pour cette année universitaire.")
        url = (phase.url if phase else "") or (monmaster_url if track == AdmissionTrack.M1 else "")
        statuses.append(
            TrackStatus(
                track=track.value,
                label=str(track.label),
                is_open=bool(open_phases),
                message=message,
                phase_label=phase.localized.label if phase else "",
                notes=phase.localized.notes if phase else "",
                phase_label_lang=_other_language(phase, "label"),
                notes_lang=_other_language(phase, "notes"),
                url=url,
                state=state,
                closing_notice=closing_notice,
            )
        )
    return statuses
