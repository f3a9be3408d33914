"""A small set of stored-script payloads, each with a marker (« xss1 »…) so that a test can
tell which one reached a page, and the form it takes in a link field."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    text: str  # what is typed in a text or rich-text field
    url: str  # what is typed in a link field

    @property
    def marker(self):
        return self.name


PAYLOADS = [
    Payload("xss1", '<script>alert("xss1")</script>', "https://exemple.fr/<script>xss1</script>"),
    Payload("xss2", '<img src=x onerror=alert("xss2")>', "https://exemple.fr/x.png?onerror=xss2"),
    Payload(
        "xss3",
        "<a href=\"javascript:alert('xss3')\">lien xss3</a>",
        "javascript:alert('xss3')",
    ),
    Payload("xss4", '<svg onload=alert("xss4")>xss4</svg>', "https://exemple.fr/<svg>xss4"),
    Payload(
        "xss5",
        "xss5\" autofocus onfocus=\"alert('xss5')\" x='",
        "https://exemple.fr/xss5\" onmouseover=\"alert('xss5')",
    ),
]
