"""Import of the ministry's InserSup open data (a CSV file the secretariat downloads).

The dataset « Insertion professionnelle des diplômés de l'enseignement supérieur
(InserSup) » is published per university and discipline (or mention), never per programme.
Its column names change between releases, so each field accepts several headers, compared
with case, accents, spaces and punctuation folded. Files come in two shapes: one column per
delay (« Taux d'insertion à 6 mois »…), or one row per delay with a column giving it.
The same reader serves `manage.py import_insersup` and the admin's upload form.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programme.models import INSERTION_MONTHS, OfficialInsertionFigure, latest_year_in


class InsersupError(Exception):
    """A file that cannot be imported; the message, in French, says why and what to do."""


def fold(text):
    """« Taux d'insertion à 6 mois » → "taux_d_insertion_a_6_mois" (no case, accents, signs)."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _rate_headers(months):
    return (
        f"taux_d_insertion_a_{months}_mois",
        f"taux_d_insertion_{months}_mois",
        f"taux_insertion_a_{months}_mois",
        f"taux_insertion_{months}_mois",
        f"taux_insertion_{months}",
        f"insertion_{months}_mois",
        f"taux_emploi_salarie_fr_{months}",
        f"taux_emploi_sal_fr_{months}",
        f"taux_emploi_salarie_france_{months}",
        f"taux_d_emploi_salarie_en_france_a_{months}_mois",
        f"taux_d_emploi_salarie_en_france_{months}_mois",
        f"{months}_taux_d_emploi_salarie_en_france_{months}_mois_apres_le_diplome",
    )


# Field → accepted headers (folded). The first four are required.
HEADERS = {
    "cohort": (
        "promotion",
        "promo",
        "annee",
        "cohorte",
        "annee_d_obtention_du_diplome",
        "annee_obtention_diplome",
        "annee_s_d_obtention_du_diplome_prise_s_en_compte",
        "annees_d_obtention_du_diplome_prises_en_compte",
    ),
    "uai": (
        "uai",
        "code_uai",
        "code_uai_de_l_etablissement",
        "uai_de_l_etablissement",
        "uai_etablissement",
        "etablissement_uai",
        "etablissement_code_uai",
    ),
    "degree": (
        "diplome",
        "type_de_diplome",
        "type_diplome",
        "type_diplome_long",
        "libelle_type_diplome",
        "niveau_de_diplome",
    ),
    "discipline": (
        "discipline",
        "discipline_libelle",
        "libelle_discipline",
        "libelle_de_la_discipline",
        "discipli_lib",
    ),
    "institution": (
        "etablissement",
        "libelle_etablissement",
        "libelle_de_l_etablissement",
        "nom_de_l_etablissement",
        "etablissement_libelle",
        "uo_lib",
    ),
    "domain": ("domaine", "domaine_disciplinaire", "libelle_domaine", "dom_lib"),
    "sector": (
        "secteur_disciplinaire",
        "libelle_secteur_disciplinaire",
        "secteur_disciplinaire_libelle",
        "sectdis_lib",
    ),
    "mention": ("mention", "libelle_mention", "libelle_du_diplome", "libelle_diplome"),
    "graduates": (
        "nombre_de_sortants",
        "nb_sortants",
        "sortants",
        "effectif",
        "effectifs",
        "effectif_de_sortants",
        "nombre_de_diplomes",
        "nb_diplomes",
    ),
    **{f"insertion_rate_{months}_months": _rate_headers(months) for months in INSERTION_MONTHS},
    "further_study_rate": (
        "taux_de_poursuite_d_etudes",
        "taux_poursuite_d_etudes",
        "taux_poursuite_etudes",
        "taux_de_poursuite",
        "taux_poursuite",
        "taux_poursuivants",
        "part_des_poursuivants",
    ),
    "success_rate": ("taux_de_reussite", "taux_reussite"),
    # A file with one row per delay: the delay, and the rate it goes with.
    "delay": ("date_inser", "date_d_insertion", "delai", "delai_d_insertion", "nombre_de_mois"),
    "rate": (
        "taux_d_insertion",
        "taux_insertion",
        "taux_emploi_sal_fr",
        "taux_emploi_salarie_fr",
        "taux_d_emploi_salarie_en_france",
    ),
}
REQUIRED = ("cohort", "uai", "degree", "discipline")
FIELD_NAMES = {
    "cohort": _("promotion (année d'obtention du diplôme)"),
    "uai": _("UAI de l'établissement"),
    "degree": _("type de diplôme"),
    "discipline": _("discipline"),
}
TEXT_FIELDS = ("cohort", "uai", "institution", "degree", "domain", "discipline", "sector")
SCOPE_FIELDS = ("uai", "cohort", "degree", "domain", "discipline", "sector", "mention")
RATE_FIELDS = (
    *(f"insertion_rate_{months}_months" for months in INSERTION_MONTHS),
    "further_study_rate",
    "success_rate",
)
FIGURE_FIELDS = ("graduates", *RATE_FIELDS)
# Columns splitting the population (by gender, nationality…): only the totals are kept.
BREAKDOWN_HEADERS = (
    "genre",
    "sexe",
    "nationalite",
    "regime_d_inscription",
    "regime_inscription",
    "obtention_du_diplome",
    "obtention_diplome",
)
TOTAL_VALUES = ("", "ensemble", "tous", "toutes", "total")
# « non disponible », « non significatif », « secret statistique »…
MISSING_VALUES = {"", "nd", "ns", "nc", "na", "n_d", "n_s", "s", "secret", "nan", "null"}
ONE_DECIMAL = Decimal("0.1")


@dataclass
class Filters:
    uai: str
    degree: str
    discipline: str

    def describe(self):
        return gettext(
            "l'établissement %(uai)s, le diplôme « %(degree)s » et la discipline « %(discipline)s »"
        ) % {"uai": self.uai, "degree": self.degree, "discipline": self.discipline}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    figures: list = field(default_factory=list)

    def summary(self):
        """« Chiffres InserSup importés — nouvelles lignes : 1 ; mises à jour : 1 (…). »"""
        # Counts after a colon: French plurals (0 and 1 singular) need no catalogue.
        return gettext(
            "Chiffres InserSup importés — nouvelles lignes : %(created)d ; mises à jour : "
            "%(updated)d (%(figures)s)."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "figures": " ; ".join(str(figure) for figure in self.figures),
        }


def decode(data):
    """The file's text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows/Latin-1."""
    if not data.strip():
        raise InsersupError(gettext("Le fichier est vide."))
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InsersupError(
            gettext(
                "Ce fichier est un classeur (Excel ou LibreOffice), pas un fichier CSV : "
                "téléchargez l'export « CSV » du portail, ou enregistrez le classeur au format "
                "« CSV (point-virgule) »."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if "\x00" in text or re.search(r"[\x01-\x08\x0e-\x1f]", text):
        raise InsersupError(
            gettext("Ce fichier n'est pas un fichier texte CSV : il contient des données binaires.")
        )
    return text


def _rows(text):
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _columns(header):
    """{field: column index} for the header row; the first accepted header found wins."""
    folded = [fold(name) for name in header]
    columns = {}
    for name, accepted in HEADERS.items():
        for candidate in accepted:
            if candidate in folded:
                columns[name] = folded.index(candidate)
                break
    breakdowns = [index for index, name in enumerate(folded) if name in BREAKDOWN_HEADERS]
    return columns, breakdowns


def _check_columns(columns):
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise InsersupError(
            gettext(
                "Colonnes obligatoires absentes du fichier : %(missing)s. Vérifiez qu'il s'agit "
                "bien de l'export CSV du jeu de données InserSup (séparateur « ; »). "
                "En-têtes reconnus pour ces colonnes : %(accepted)s."
            )
            % {
                "missing": ", ".join(str(FIELD_NAMES[name]) for name in missing),
                "accepted": " ; ".join(
                    f"{FIELD_NAMES[name]} = {', '.join(HEADERS[name][:4])}" for name in missing
                ),
            }
        )
    has_delays = "delay" in columns and "rate" in columns
    if not has_delays and not any(name in columns for name in FIGURE_FIELDS):
        raise InsersupError(
            gettext(
                "Aucune colonne de chiffres reconnue : le fichier doit contenir au moins un "
                "taux d'insertion (par exemple « Taux d'insertion à 12 mois » ou "
                "« taux_emploi_salarie_fr_12 »), le taux de poursuite d'études, le taux de "
                "réussite ou le nombre de sortants."
            )
        )


def _number(value, line, header):
    """The cell as a Decimal, or None when InserSup did not publish it (« nd », « ns »…)."""
    cleaned = re.sub(r"[\s\u00a0\u202f%]", "", value or "")
    if fold(cleaned) in MISSING_VALUES:
        return None
    try:
        number = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise InsersupError(
            gettext("Ligne %(line)d, colonne « %(column)s » : « %(value)s » n'est pas un nombre.")
            % {"line": line, "column": header, "value": value.strip()}
        )
    return number


def _figure(name, value, line, header):
    number = _number(value, line, header)
    if number is None:
        return None
    if name == "graduates":
        if number < 0 or number != number.to_integral_value():
            raise InsersupError(
                gettext(
                    "Ligne %(line)d, colonne « %(column)s » : « %(value)s » n'est pas un nombre "
                    "de personnes."
                )
                % {"line": line, "column": header, "value": value.strip()}
            )
        return int(number)
    if not 0 <= number <= 100:
        raise InsersupError(
            gettext(
                "Ligne %(line)d, colonne « %(column)s » : %(value)s n'est pas un pourcentage "
                "(entre 0 et 100)."
            )
            % {"line": line, "column": header, "value": value.strip()}
        )
    return number.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _contains(cell, wanted):
    return fold(wanted).replace("_", " ") in fold(cell).replace("_", " ")


def _is_total(value):
    folded = fold(value)
    return folded in TOTAL_VALUES or folded.startswith("ensemble")


def _delay(value):
    match = re.search(r"\d+", value or "")
    months = int(match.group()) if match else None
    return months if months in INSERTION_MONTHS else None


def parse(data, filters):
    """The figures of the rows matching `filters`, as {field: value} dicts (nothing saved)."""
    rows = _rows(decode(data))
    try:
        header = next(rows)
    except (StopIteration, csv.Error) as error:
        raise InsersupError(gettext("Ce fichier n'est pas un fichier CSV lisible.")) from error
    columns, breakdowns = _columns(header)
    _check_columns(columns)
    uai = filters.uai.strip().upper()
    figures, first_lines = {}, {}
    seen_disciplines = set()
    line = 1
    try:
        for line, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            row = row + [""] * (len(header) - len(row))

            def cell(name, row=row):
                return row[columns[name]].strip() if name in columns else ""

            if cell("uai").upper() != uai or not _contains(cell("degree"), filters.degree):
                continue
            if not all(_is_total(row[index]) for index in breakdowns):
                continue
            seen_disciplines.add(cell("discipline"))
            if not any(
                _contains(cell(name), filters.discipline)
                for name in ("discipline", "sector", "mention")
            ):
                continue
            values = {name: cell(name) for name in (*TEXT_FIELDS, "mention")}
            values["uai"] = uai
            if latest_year_in(values["cohort"]) is None:
                raise InsersupError(
                    gettext("Ligne %(line)d : la promotion « %(cohort)s » ne contient pas d'année.")
                    % {"line": line, "cohort": values["cohort"]}
                )
            for name in FIGURE_FIELDS:
                if name in columns:
                    values[name] = _figure(name, cell(name), line, header[columns[name]])
            months = _delay(cell("delay")) if "delay" in columns and "rate" in columns else None
            if months is not None:
                values[f"insertion_rate_{months}_months"] = _figure(
                    "rate", cell("rate"), line, header[columns["rate"]]
                )
            key = tuple(values[name] for name in SCOPE_FIELDS)
            _merge(figures.setdefault(key, {}), values, line, first_lines.setdefault(key, line))
    except csv.Error as error:
        raise InsersupError(
            gettext("Ce fichier n'est pas un fichier CSV lisible (ligne %(line)d).")
            % {"line": line}
        ) from error
    if not figures:
        raise InsersupError(_nothing_matches(filters, seen_disciplines))
    return list(figures.values())


def _merge(figure, values, line, first_line):
    """Add a row to its scope's figure; two rows may not give one figure two values."""
    for name, value in values.items():
        if value is None:
            continue
        if figure.get(name) not in (None, value):
            raise InsersupError(
                gettext(
                    "Lignes %(first)d et %(line)d : deux valeurs différentes pour la même "
                    "promotion et le même périmètre (« %(column)s ») ; le fichier mélange sans "
                    "doute des sous-populations. Précisez la discipline ou le diplôme."
                )
                % {
                    "first": first_line,
                    "line": line,
                    "column": OfficialInsertionFigure._meta.get_field(name).verbose_name,
                }
            )
        figure[name] = value


def _nothing_matches(filters, seen_disciplines):
    message = gettext("Aucune ligne du fichier ne correspond à %(filters)s.") % {
        "filters": filters.describe()
    }
    names = sorted(name for name in seen_disciplines if name)
    if names:
        message += " " + gettext(
            "Disciplines présentes pour cet établissement et ce diplôme : %(names)s."
        ) % {"names": ", ".join(names[:20]) + (" …" if len(names) > 20 else "")}
    else:
        message += " " + gettext("Vérifiez le code UAI de l'établissement et le type de diplôme.")
    return message


def insersup_import(data, *, filters, file_date, file_name="", now=None):
    """Store the figures of the rows matching `filters`: all of them or, on error, none.

    A figure already stored for the same cohort and scope is updated, not duplicated.
    """
    parsed = parse(data, filters)
    now = now or timezone.now()
    report = ImportReport()
    with transaction.atomic():
        for values in parsed:
            scope = {name: values.pop(name) for name in SCOPE_FIELDS}
            defaults = {
                **dict.fromkeys(FIGURE_FIELDS),
                **values,
                "file_date": file_date,
                "file_name": file_name[:255],
                "imported_at": now,
            }
            figure, created = OfficialInsertionFigure.objects.update_or_create(
                **scope, defaults=defaults
            )
            report.figures.append(figure)
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


def default_filters():
    return {
        "uai": settings.INSERSUP_UAI,
        "degree": settings.INSERSUP_DEGREE,
        "discipline": settings.INSERSUP_DISCIPLINE,
    }


class InsersupImportForm(forms.Form):
    csv_file = forms.FileField(
        label=_("Fichier CSV InserSup"),
        help_text=_(
            "L'export « CSV » du jeu de données InserSup, téléchargé sur "
            "data.enseignementsup-recherche.gouv.fr (filtrez d'abord sur l'établissement "
            "pour obtenir un petit fichier)."
        ),
    )
    file_date = forms.DateField(
        label=_("Date du fichier"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Le jour du téléchargement : il est affiché sous les chiffres."),
    )
    uai = forms.CharField(
        label=_("UAI de l'établissement"),
        max_length=10,
        help_text=_("Le code de l'université dans le fichier (Université de Lorraine : 0542493S)."),
    )
    degree = forms.CharField(
        label=_("Diplôme"),
        max_length=100,
        help_text=_(
            "Garde les lignes dont le type de diplôme contient ce texte, par exemple « master »."
        ),
    )
    discipline = forms.CharField(
        label=_("Discipline"),
        max_length=200,
        help_text=_(
            "Garde les lignes dont la discipline (ou le secteur disciplinaire, ou la mention) "
            "contient ce texte. Si rien ne correspond, le message liste les disciplines du fichier."
        ),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        limit = settings.INSERSUP_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "Le fichier dépasse %(size)s : sur le portail, filtrez sur l'établissement "
                    "avant de télécharger l'export CSV."
                )
                % {"size": filesizeformat(limit)}
            )
        data = upload.read()
        try:
            decode(data)
        except InsersupError as error:
            raise forms.ValidationError(str(error)) from error
        return data
