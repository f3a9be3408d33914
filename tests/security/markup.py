"""What counts as active markup in a page a visitor receives, read from the parsed HTML."""

import re

from tests.html import parse_html

# The site's own scripts are external files under STATIC_URL; the only inline ones it
# writes are data (JSON-LD) or the editor's import map, which a browser does not run.
INERT_SCRIPT_TYPES = {"application/ld+json", "importmap"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")
EMBEDDING_TAGS = {"iframe", "frame", "object", "embed", "base", "applet"}
# Browsers drop these characters from a URL's scheme before reading it (« java\tscript: »).
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")


def active_markup(html, static_url="/static/"):
    """Each piece of markup in `html` that would run or load something not written by the
    site: a sentence per finding, empty when the page is inert."""
    findings = []
    for element in parse_html(html).iter():
        tag = element.tag
        if tag == "script":
            kind = element.get("type", "").lower()
            source = element.get("src", "")
            if kind in INERT_SCRIPT_TYPES and not source:
                continue
            if source.startswith(static_url) and not (element.text or "").strip():
                continue
            findings.append(f"<script> actif : {dict(element.attrib)} {element.text!r}")
        if tag in EMBEDDING_TAGS:
            findings.append(f"<{tag}> inattendu : {dict(element.attrib)}")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            findings.append(f"<meta http-equiv=refresh> : {dict(element.attrib)}")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                findings.append(f"attribut d'événement <{tag} {name}={value!r}>")
            if name.lower() in URL_ATTRIBUTES and is_dangerous_url(value):
                findings.append(f"adresse active <{tag} {name}={value!r}>")
    return findings


def is_dangerous_url(value):
    compact = _IGNORED_IN_SCHEME.sub("", value or "").lower()
    return compact.startswith(DANGEROUS_SCHEMES)
