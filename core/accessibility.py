"""Accessibility checks of staff-written rich text, in French, for the admin.

Pure Python (html.parser): run on the server whatever browser staff use. The checks are
warnings, never errors: the secretariat can still publish.
"""

import re
from html.parser import HTMLParser

from django.utils.translation import gettext as _

from core.richtext import RichTextField

# Link texts that say nothing out of context (screen readers list links on their own).
VAGUE_LINK_TEXTS = {
    "cliquez ici",
    "cliquer ici",
    "ici",
    "lien",
    "ce lien",
    "en savoir plus",
    "plus",
    "lire la suite",
    "voir",
    "la suite",
}
URL_TEXT = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
# Alt texts that describe nothing: a camera's or a scanner's file name, or a generic word.
# A poster or a scanned page uploaded this way keeps its text out of reach of screen readers.
FILE_NAME_ALT = re.compile(
    r"^[\w\s.()-]*\.(jpe?g|png|webp|gif|tiff?|heic|bmp|pdf)$|^(img|dsc|pxl|scan)[_-]?\d+",
    re.IGNORECASE,
)
GENERIC_ALTS = {
    "image",
    "photo",
    "photographie",
    "illustration",
    "logo",
    "affiche",
    "visuel",
    "flyer",
    "capture",
    "capture d'écran",
    "sans titre",
}
HEADING = re.compile(r"^h([1-6])$")


def _normalize(text):
    return " ".join(text.split()).strip(" .…:!→»«").lower()


class _Checker(HTMLParser):
    def __init__(self, base_level):
        super().__init__(convert_charrefs=True)
        self.warnings = []
        self.last_level = base_level
        self.heading = None  # [level, text] while inside a heading
        self.link = None  # [href, text, has_image_with_alt]
        self.tables = []  # one flag per open table: has a header cell
        self.tables_seen = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        match = HEADING.match(tag)
        if match:
            self.heading = [int(match.group(1)), ""]
        elif tag == "a":
            self.link = [attrs.get("href") or "", "", False]
        elif tag == "img":
            alt = attrs.get("alt")
            if alt is None:
                self.warnings.append(
                    f"Image sans texte alternatif ({attrs.get('src') or 'sans adresse'}) : "
                    "décrivez-la, ou indiquez qu'elle est décorative (texte alternatif vide)."
                )
            elif self.link is not None and alt.strip():
                self.link[2] = True
        elif tag == "table":
            self.tables.append(False)
        elif tag == "th" and self.tables:
            self.tables[-1] = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        match = HEADING.match(tag)
        if match and self.heading is not None:
            level, text = self.heading
            self.heading = None
            text = " ".join(text.split())
            if not text:
                self.warnings.append(f"Titre vide (niveau {level}) : supprimez-le ou écrivez-le.")
            if level > self.last_level + 1:
                self.warnings.append(
                    f"Niveau de titre sauté : « {text or '…'} » est un titre de niveau {level} "
                    f"après un titre de niveau {self.last_level} ; utilisez le niveau "
                    f"{self.last_level + 1}."
                )
            self.last_level = level
        elif tag == "a" and self.link is not None:
            href, text, has_image = self.link
            self.link = None
            text = " ".join(text.split())
            if not text and not has_image:
                self.warnings.append(f"Lien sans texte ({href}) : écrivez où il mène.")
            elif _normalize(text) in VAGUE_LINK_TEXTS:
                self.warnings.append(
                    f"Lien « {text} » : un texte qui ne dit pas où il mène ; écrivez la "
                    "destination (par exemple « le calendrier universitaire »)."
                )
            elif URL_TEXT.match(text):
                self.warnings.append(
                    f"Lien dont le texte est une adresse ({text}) : écrivez plutôt le nom de "
                    "la page ou du site."
                )
        elif tag == "table" and self.tables:
            has_header = self.tables.pop()
            if not has_header:
                self.warnings.append(
                    "Tableau sans cellule d'en-tête : indiquez la ligne (ou la colonne) de "
                    "titres comme en-tête."
                )

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1] += data
        if self.link is not None:
            self.link[1] += data


def check_html(html, base_level=2):
    """French warnings about a rich text fragment. `base_level` is the level of the heading
    the fragment sits under on the public page (the page title is h1, so a text's own
    headings start at h2)."""
    checker = _Checker(base_level - 1)
    checker.feed(html or "")
    checker.close()
    return checker.warnings


def image_warnings(image):
    """French warnings about a picture of the media library (core.models.Image)."""
    if image.is_decorative:
        return []
    alt = " ".join((image.alt_text or "").split())
    if not alt:
        return [
            _(
                "Image sans texte alternatif : décrivez-la, ou cochez « image décorative » "
                "si elle n'apporte aucune information."
            )
        ]
    if FILE_NAME_ALT.search(alt) or _normalize(alt) in GENERIC_ALTS:
        return [
            _(
                "Image dont le texte alternatif (« %(alt)s ») ne la décrit pas : écrivez ce "
                "qu'elle montre, et recopiez le texte qu'elle contient (une affiche, un "
                "programme scanné)."
            )
            % {"alt": alt}
        ]
    return []


def rich_text_warnings(obj):
    """[(field label, [warnings]), …] for the rich text fields of a record that have any."""
    found = []
    for field in obj._meta.get_fields():
        if isinstance(field, RichTextField):
            warnings = check_html(getattr(obj, field.attname, ""))
            if warnings:
                found.append((str(field.verbose_name), warnings))
    return found


def record_warnings(obj):
    """[(field label, [warnings]), …] for a record: its rich text, and its pictures.

    Only pictures already loaded with the record are read (select_related): checking never
    costs a query, so it can run on a public page shown to staff.
    """
    found = rich_text_warnings(obj)
    for field in obj._meta.get_fields():
        if (
            field.many_to_one
            and field.related_model is not None
            and field.related_model._meta.label_lower == "core.image"
            and field.is_cached(obj)
        ):
            image = field.get_cached_value(obj)
            warnings = image_warnings(image) if image is not None else []
            if warnings:
                found.append((str(field.verbose_name), warnings))
    return found
