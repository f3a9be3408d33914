"""Import of old addresses (the former university site's URLs) as permanent redirects."""

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django import forms
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_FILE_SIZE = 1024 * 1024
MAX_ROWS = 5000
OLD_PATH_MAX = Redirect._meta.get_field("old_path").max_length
NEW_PATH_MAX = Redirect._meta.get_field("new_path").max_length


class RedirectImportForm(forms.Form):
    csv_file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Une ligne par redirection : « ancienne adresse;nouvelle adresse ». L'ancienne "
            "adresse peut être complète (https://…) ou commencer par « / » ; la nouvelle "
            "commence par « / » (page de ce site) ou par https://. Une première ligne de titres "
            "est ignorée. Enregistrez depuis un tableur au format « CSV (point-virgule) »."
        ),
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("Le fichier dépasse 1 Mo : découpez-le en plusieurs."))
        raw = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        if "\x00" in text:
            raise forms.ValidationError(_("Ce fichier n'est pas un fichier texte CSV."))
        return text


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line number, reason)


def _old_path(value):
    value = value.strip()
    if value.lower().startswith(("http://", "https://")):
        parts = urlsplit(value)
        value = parts.path or "/"
        if parts.query:
            value += "?" + parts.query
    if not value.startswith("/"):
        raise ValueError(
            gettext("l'ancienne adresse doit commencer par « / » ou par « http(s):// »")
        )
    if len(value) > OLD_PATH_MAX:
        raise ValueError(gettext("l'ancienne adresse est trop longue"))
    return value


def _new_path(value):
    value = value.strip()
    if not value:
        raise ValueError(gettext("la nouvelle adresse est vide"))
    if not (value.startswith("/") or value.lower().startswith(("http://", "https://"))):
        raise ValueError(
            gettext("la nouvelle adresse doit commencer par « / » ou par « http(s):// »")
        )
    if value.startswith("//"):
        raise ValueError(gettext("la nouvelle adresse doit commencer par un seul « / »"))
    if any(char.isspace() for char in value) or len(value) > NEW_PATH_MAX:
        raise ValueError(gettext("la nouvelle adresse contient des espaces ou est trop longue"))
    return value


def _is_header(row):
    first = row[0].strip().lower()
    return not first.startswith(("/", "http")) and "adresse" in first


def redirects_import(text):
    """Validate every row, then create or update the valid ones in one transaction."""
    report = ImportReport()
    delimiter = ";" if text.count(";") >= text.count(",") else ","
    valid = {}
    for line_number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if line_number == 1 and _is_header(row):
            continue
        if line_number > MAX_ROWS:
            report.refused.append(
                (line_number, gettext("au-delà de %(max)d lignes") % {"max": MAX_ROWS})
            )
            break
        if len(row) != 2:
            report.refused.append(
                (line_number, gettext("deux colonnes attendues (ancienne;nouvelle)"))
            )
            continue
        try:
            old_path, new_path = _old_path(row[0]), _new_path(row[1])
        except ValueError as error:
            report.refused.append((line_number, str(error)))
            continue
        if old_path == new_path:
            report.refused.append((line_number, gettext("l'adresse redirige vers elle-même")))
            continue
        if old_path in valid:
            report.refused.append(
                (line_number, gettext("ancienne adresse déjà présente plus haut dans le fichier"))
            )
            continue
        valid[old_path] = new_path
    site = Site.objects.get_current()
    with transaction.atomic():
        for old_path, new_path in valid.items():
            _redirect, created = Redirect.objects.update_or_create(
                site=site, old_path=old_path, defaults={"new_path": new_path}
            )
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report
