"""Fragments of the programme shown on other pages (home): each in a fixed number of queries."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programme.admission import admission_statuses
from programme.models import AdmissionPhase, ContactRole

register = template.Library()

# The facts of the home page's « La formation en bref », each with the fiche's field that
# staff fill in (the hint's anchor on the change page) and what the hint calls it.
KEY_FACT_FIELDS = [
    ("degree_level", _("le niveau du diplôme")),
    ("duration_months", _("la durée")),
    ("ects", _("les crédits ECTS")),
    ("rhythm", _("le rythme")),
    ("place", _("le lieu")),
    ("teaching_language", _("la langue d'enseignement")),
    ("offers_initial", _("les modalités")),
    ("capacity_m1", _("la capacité d'accueil en M1")),
    ("capacity_m2", _("la capacité d'accueil en M2")),
]


def fiche_change_url(programme, field=""):
    """The fiche's admin page, at `field`'s input when given."""
    url = reverse("admin:programme_programme_change", args=[programme.pk])
    return f"{url}#id_{field}" if field else url


def _missing_facts(programme):
    present = {
        "degree_level": programme.degree_level,
        "duration_months": programme.duration_months,
        "ects": programme.ects,
        "rhythm": programme.rhythm,
        "place": programme.place,
        "teaching_language": programme.teaching_language,
        "offers_initial": programme.paces,
        "capacity_m1": programme.capacity_m1,
        "capacity_m2": programme.capacity_m2,
    }
    return [
        {"label": label, "url": fiche_change_url(programme, field)}
        for field, label in KEY_FACT_FIELDS
        if not present[field]
    ]


@register.inclusion_tag("programme/includes/admission.html")
def admission_block(programme, today=None, heading_level=2, hide_when_empty=False, hints=False):
    """The admission block of the fiche's year (phases cached): open, closing soon, closed,
    or when it opens next. Without a fiche, the current year's phases.

    `hide_when_empty` (home page): without phases nor MonMaster link the block is left
    out, and `hints` (staff) puts a link to the phases' admin in its place.
    `today` is for tests (an injected clock); pages leave it to the current date.
    """
    phases = AdmissionPhase.load_all(programme.year_id if programme else None)
    monmaster_url = programme.monmaster_url if programme else ""
    statuses = admission_statuses(phases, today, monmaster_url)
    return {
        "statuses": statuses,
        "monmaster_url": monmaster_url,
        "heading_level": heading_level,
        "is_hidden": hide_when_empty and not statuses and not monmaster_url,
        "hint_url": reverse("admin:programme_admissionphase_add") if hints else "",
    }


@register.inclusion_tag("programme/includes/key_facts.html")
def programme_key_facts(programme):
    """The programme's key facts that staff filled in (no query: the card is passed in)."""
    return {"programme": programme}


@register.inclusion_tag("programme/includes/home_facts.html")
def programme_at_a_glance(programme, hints=False):
    """« La formation en bref » of the home page: diploma, level, duration, credits, rhythm,
    place, language, modes and capacity, the ones filled in (no query). Staff (`hints`)
    also read which are missing, each linking to its field in the fiche."""
    return {
        "programme": programme,
        "missing": _missing_facts(programme) if programme and hints else [],
        "hints": hints,
    }


@register.inclusion_tag("programme/includes/home_contact.html")
def programme_contact(programme, identity, hints=False):
    """Whom a candidate writes to or calls: the fiche's secretariat (one query), else the
    site identity's e-mail and the UFR's phone."""
    secretariat = None
    if programme:
        secretariat = programme.contacts.filter(role=ContactRole.SECRETARIAT).first()
    email = secretariat.email if secretariat else ""
    phone = secretariat.phone if secretariat else ""
    phone_uri = secretariat.phone_uri if secretariat else ""
    if identity and not email:
        email = identity.contact_email
    if identity and not phone and identity.ufr_phone:
        phone, phone_uri = identity.ufr_phone_display, identity.ufr_phone_uri
    hint_url = ""
    if hints and secretariat is None and programme:
        hint_url = fiche_change_url(programme) + "#contacts-group"
    return {
        "secretariat": secretariat,
        "email": email,
        "phone": phone,
        "phone_uri": phone_uri,
        "hint_url": hint_url,
    }
