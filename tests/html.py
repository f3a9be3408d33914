"""Read a rendered page as a browser would: HTML parsed into an ElementTree, so that
assertions are about elements (their text, classes, links), not about raw markup."""

from html.parser import HTMLParser
from xml.etree import ElementTree

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


def elements(html, tag=None, css_class=None):
    """[(attributes, text)] of the page's elements with this tag and/or class, in order."""
    tree = parse_html(html if isinstance(html, str) else html.decode())
    return [
        (dict(element.attrib), text_of(element))
        for element in tree.iter(tag)
        if element.tag != "document" and (css_class is None or has_class(element, css_class))
    ]


def texts(html, tag=None, css_class=None):
    """The visible text of each matching element, whitespace collapsed."""
    return [text for _attrs, text in elements(html, tag, css_class)]


def typed_values(response):
    """name → value of every text field and text area of the form sent back."""
    tree = parse_html(response)
    values = {
        field.get("name"): field.get("value", "")
        for field in tree.iter("input")
        if field.get("type", "text") in ("text", "email", "url", "number")
    }
    # A browser drops the one line break that follows <textarea> (HTML's parsing rules).
    values.update(
        {
            area.get("name"): "".join(area.itertext()).removeprefix("\n")
            for area in tree.iter("textarea")
        }
    )
    return values
