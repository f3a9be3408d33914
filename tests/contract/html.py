"""Read pages as a browser does: HTML parsed into an ElementTree, admin forms into POST data."""

import json
from html.parser import HTMLParser
from xml.etree import ElementTree

from django.utils.text import slugify

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class _TreeBuilder(HTMLParser):
    """html.parser events into an ElementTree (void elements closed, stray end tags ignored)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.builder = ElementTree.TreeBuilder()
        self.builder.start("document", {})
        self.open_tags = ["document"]

    def handle_starttag(self, tag, attrs):
        self.builder.start(tag, {name: value or "" for name, value in attrs})
        if tag in VOID_ELEMENTS:
            self.builder.end(tag)
        else:
            self.open_tags.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.builder.start(tag, {name: value or "" for name, value in attrs})
        self.builder.end(tag)

    def handle_endtag(self, tag):
        if tag not in self.open_tags[1:]:
            return
        while self.open_tags[-1] != tag:
            self.builder.end(self.open_tags.pop())
        self.builder.end(self.open_tags.pop())

    def handle_data(self, data):
        self.builder.data(data)

    def close(self):
        super().close()
        while self.open_tags:
            self.builder.end(self.open_tags.pop())
        return self.builder.close()


def parse_html(response_or_text):
    text = response_or_text
    if not isinstance(text, str):
        text = response_or_text.content.decode()
    parser = _TreeBuilder()
    parser.feed(text)
    return parser.close()


def text_of(element):
    """The element's text as read on screen (spaces collapsed)."""
    return " ".join("".join(element.itertext()).split())


def element_by_id(tree, element_id):
    return tree.find(f".//*[@id='{element_id}']")


def has_class(element, name):
    return name in element.get("class", "").split()


def links(element):
    """The `href` of every link inside `element`."""
    return {anchor.get("href") for anchor in element.iter("a") if anchor.get("href")}


def errors_in(tree):
    """What the admin says is wrong with a submitted form, for a failure message."""
    messages = [
        text_of(element)
        for element in tree.iter()
        if has_class(element, "errornote") or has_class(element, "errorlist")
    ]
    return " | ".join(message for message in messages if message) or "(aucun message)"


class AdminForm:
    """The change form of an admin page, as the browser would send it."""

    def __init__(self, tree):
        forms = [form for form in tree.iter("form") if form.get("id", "").endswith("_form")]
        assert len(forms) == 1, "La page ne contient pas un seul formulaire d'administration."
        self.form = forms[0]
        self.data = {}
        self.required = set()
        self.kinds = {}  # name → "text", "textarea", "select", "number", "file", "date"…
        self.options = {}
        for element in self.form.iter():
            if element.tag in {"input", "select", "textarea"} and element.get("name"):
                self._read(element)
        self.prepopulated = []
        for element in tree.iter():
            if "data-prepopulated-fields" in element.attrib:
                self.prepopulated = json.loads(element.get("data-prepopulated-fields"))

    def _read(self, element):
        name = element.get("name")
        if "required" in element.attrib:
            self.required.add(name)
        if element.tag == "textarea":
            self.kinds[name] = "textarea"
            # Browsers drop the newline that follows <textarea>.
            self.data[name] = "".join(element.itertext()).removeprefix("\n")
            return
        if element.tag == "select":
            self.kinds[name] = "select"
            options = [option.get("value", text_of(option)) for option in element.iter("option")]
            self.options[name] = options
            selected = [
                option.get("value", text_of(option))
                for option in element.iter("option")
                if "selected" in option.attrib
            ]
            if "multiple" in element.attrib:
                self.data[name] = selected
            elif selected or options:
                self.data[name] = selected[0] if selected else options[0]
            return
        input_type = element.get("type", "text")
        classes = element.get("class", "").split()
        if "vDateField" in classes:
            input_type = "date"
        elif "vTimeField" in classes:
            input_type = "time"
        self.kinds[name] = input_type
        if input_type in {"submit", "button", "reset", "image", "file"}:
            return
        if input_type in {"checkbox", "radio"}:
            if "checked" in element.attrib:
                self.data[name] = element.get("value", "on")
            return
        self.data[name] = element.get("value", "")

    def fill_prepopulated(self):
        """What the admin's script types into a slug field while the title is typed."""
        for field in self.prepopulated:
            name = field["name"]
            if self.data.get(name):
                continue
            source = " ".join(self.data.get(other, "") for other in field["dependency_list"])
            slug = slugify(source, allow_unicode=field.get("allowUnicode", False))
            self.data[name] = slug[: field["maxLength"]].strip("-")

    def empty_required_fields(self):
        return [
            name
            for name in self.required
            if not self.data.get(name) and self.kinds.get(name) not in {"submit", "button"}
        ]
