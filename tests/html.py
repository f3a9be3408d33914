"""Read a rendered page as a browser would, for assertions on elements rather than markup."""

from html.parser import HTMLParser

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


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self._open = []

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, "attrs": dict(attrs), "text": []}
        self.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append({"tag": tag, "attrs": dict(attrs), "text": []})

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index]["tag"] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        for element in self._open:
            element["text"].append(data)


def elements(html, tag=None, css_class=None):
    """[(attributes, text)] of the page's elements with this tag and/or class, in order."""
    parser = _Elements()
    parser.feed(html if isinstance(html, str) else html.decode())
    parser.close()
    found = []
    for element in parser.elements:
        if tag is not None and element["tag"] != tag:
            continue
        if css_class is not None and css_class not in element["attrs"].get("class", "").split():
            continue
        text = " ".join("".join(element["text"]).split())
        found.append((element["attrs"], text))
    return found


def texts(html, tag=None, css_class=None):
    """The visible text of each matching element, whitespace collapsed."""
    return [text for _attrs, text in elements(html, tag, css_class)]
