"""The text visitors read about a record of the programme, as the search stores it.

A teaching unit's page text includes its courses, the fiche's its contacts and skill
blocks: these rows live elsewhere, so the text is composed on save (of either side) into a
stored column (`search_text`) that the search document is computed from.

The functions read field values and `_meta` only (choice labels, verbose names), never a
model's methods or properties: the migration that adds the column fills it with them,
from the historical models. Each text is composed in French (`search_text`) and in English
(`search_text_en`: English fields, French where an English one is empty, English labels).
"""

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.search import contains_terms, plain_text
from core.translation import ENGLISH, SOURCE_LANGUAGE, english_name


class _InLanguage:
    """A record read in `language`: each field's English twin when it has a filled one.
    Not `record.localized`, which historical models (migrations) do not have."""

    def __init__(self, record, language):
        self._record = record
        self._language = language

    def __getattr__(self, name):
        if self._language != SOURCE_LANGUAGE:
            english = getattr(self._record, english_name(name), "")
            if english:
                return english
        return getattr(self._record, name)


def in_languages(compose, record, *related):
    """{"search_text": French text, "search_text_en": English text} of `compose`."""
    texts = {}
    for language in (SOURCE_LANGUAGE, ENGLISH):
        with translation.override(language):
            texts[f"search_text{'' if language == SOURCE_LANGUAGE else '_en'}"] = compose(
                _InLanguage(record, language),
                *([_InLanguage(row, language) for row in rows] for rows in related),
            )
    return texts


def _label(obj, name):
    """The display label of a choice field ("" when empty)."""
    value = getattr(obj, name)
    return str(dict(obj._meta.get_field(name).flatchoices).get(value, "")) if value else ""


def _ticked(obj, names):
    """The verbose names of the boolean fields that are true, e.g. « formation initiale »."""
    return [str(obj._meta.get_field(name).verbose_name) for name in names if getattr(obj, name)]


def _block(heading, *pieces):
    """A heading followed by its pieces of text, or "" when every piece is empty (the page
    then leaves the whole block out). A piece is text, or (sub-heading, text)."""
    words = []
    for piece in pieces:
        if isinstance(piece, tuple):
            subheading, text = piece[0], plain_text(piece[1])
            if text:
                words += [subheading, text]
        elif plain_text(piece):
            words.append(plain_text(piece))
    return " ".join(part for part in [str(heading), *words] if part) if words else ""


# The blocks of the fiche on /formation/, in page order: the anchor of each. The stored
# text has one line per block, in this order (an empty line for a block the page leaves
# out; the first line is never empty), so that a search hit can link to the block holding
# the words.
FICHE_ANCHORS = (
    "",
    "objectifs",
    "certification",
    "organisation",
    "modalites",
    "admission",
    "international",
    "debouches",
    "handicap",
    "contacts",
)


def fiche_blocks(programme, contacts=(), skill_blocks=()):
    """The text of each block of the fiche, in the order of FICHE_ANCHORS."""
    p = programme
    ects = _("%(ects)s crédits ECTS") % {"ects": p.ects} if p.ects else ""
    blocks = [
        # The name (required) keeps this first line from being empty: a text field loses
        # its leading and trailing blank lines in an XML backup, and lines must not shift.
        _block("", p.name, p.degree, p.mention, p.speciality, p.pitch),
        _block(
            _("Objectifs et compétences"),
            (_("Objectifs"), p.objectives),
            (_("Compétences visées"), p.skills),
        ),
        _block(
            _("Certification"),
            _label(p, "degree_level"),
            p.rncp_code,
            *(
                (_("Blocs de compétences"), f"{block.code} {block.title} {block.description}")
                for block in skill_blocks
            ),
        ),
        _block(
            _("Organisation"),
            p.duration,
            ects,
            p.rhythm,
            p.place,
            _label(p, "teaching_language"),
            (_("Stage"), p.internship),
        ),
        _block(
            _("Modalités de formation"),
            " ".join(_ticked(p, ["offers_initial", "offers_continuing", "offers_work_study"])),
            p.continuing_notes,
            " ".join(
                _ticked(
                    p,
                    [
                        "funding_cpf",
                        "funding_employer",
                        "funding_transitions_pro",
                        "funding_vae",
                        "offers_apprenticeship",
                        "offers_professionalisation",
                    ],
                )
            ),
            p.work_study_rhythm,
            p.cfa_name,
            p.employer_notes,
        ),
        _block(
            _("Admission"),
            (_("Public visé et prérequis"), p.audience),
            (_("Attendus"), p.admission_expectations),
            (_("Critères généraux d'examen des candidatures"), p.admission_criteria),
            (_("Pièces à fournir"), p.admission_documents),
            (_("Étapes de la sélection"), p.admission_steps),
            (_("Frais d'inscription"), p.fees_notes),
        ),
        _block(
            _("Candidats internationaux"),
            _label(p, "french_level"),
            p.french_certificates,
        ),
        _block(
            _("Débouchés"),
            (_("Métiers"), p.careers),
            (_("Secteurs d'activité"), p.sectors),
            p.rome_codes,
            (_("Poursuite d'études"), p.further_study),
        ),
        _block(
            _("Étudiants en situation de handicap"),
            p.disability_contact_name,
            (_("Aménagements des études"), p.disability_adjustments),
        ),
        _block(
            _("Contacts"),
            *(
                " ".join([contact.name, contact.title, _label(contact, "role"), contact.office])
                for contact in contacts
            ),
        ),
    ]
    return blocks


def fiche_search_text(programme, contacts=(), skill_blocks=()):
    """One line per block of the fiche (see FICHE_ANCHORS), without trailing empty lines."""
    return "\n".join(fiche_blocks(programme, contacts, skill_blocks)).rstrip()


def fiche_anchor(search_text, terms):
    """The anchor of the first block of the stored text holding the words ("" if none)."""
    lines = (search_text or "").split("\n")
    for anchor, line in zip(FICHE_ANCHORS, lines, strict=False):
        if line and contains_terms(line, terms):
            return anchor
    return ""


def unit_search_text(unit, courses=()):
    """What the curriculum table shows of a teaching unit besides its title."""
    hours = []
    if unit.hours_cm:
        hours.append(_("%(hours)s h CM") % {"hours": unit.hours_cm})
    if unit.hours_td:
        hours.append(_("%(hours)s h TD") % {"hours": unit.hours_td})
    return " ".join(
        piece
        for piece in [
            unit.code,
            _("%(ects)s ECTS") % {"ects": unit.ects},
            *hours,
            *(course.title for course in courses),
            plain_text(unit.description),
        ]
        if piece
    )


def phase_search_text(phase):
    """What the admission block shows of a phase besides its label."""
    dates = _("Candidatures du %(opens)s au %(closes)s") % {
        "opens": date_format(phase.opens_on, "j F Y"),
        "closes": date_format(phase.closes_on, "j F Y"),
    }
    return " ".join(
        piece
        for piece in [_label(phase, "track"), _label(phase, "phase"), dates, phase.notes]
        if piece
    )
