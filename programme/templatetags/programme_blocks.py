"""Fragments of the programme shown on other pages (home): each in a fixed number of queries."""

from django import template

from programme.admission import admission_statuses
from programme.models import AdmissionPhase

register = template.Library()


@register.inclusion_tag("programme/includes/admission.html")
def admission_block(programme, today=None, heading_level=2):
    """The admission block of the fiche's year (phases cached): open or closed, and until
    or from when. Without a fiche, the current year's phases.

    `today` is for tests (an injected clock); pages leave it to the current date.
    """
    phases = AdmissionPhase.load_all(programme.year_id if programme else None)
    monmaster_url = programme.monmaster_url if programme else ""
    return {
        "statuses": admission_statuses(phases, today, monmaster_url),
        "monmaster_url": monmaster_url,
        "heading_level": heading_level,
    }


@register.inclusion_tag("programme/includes/key_facts.html")
def programme_key_facts(programme):
    """The programme's key facts that staff filled in (no query: the card is passed in)."""
    return {"programme": programme}
