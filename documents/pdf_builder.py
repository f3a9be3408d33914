"""A small, valid one-page PDF written in memory (demo content and tests).

Optionally tagged, titled and with a language, so that the RGAA 13.3 report can be
seen both ways without shipping binary fixtures.
"""

import unicodedata


def _hex_text(text):
    """A PDF text string in UTF-16BE (any language, no escaping needed)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _ascii_line(text):
    # The standard Helvetica font has no Unicode mapping: draw the text without accents.
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build_pdf(text="Document", *, title="", language="", tagged=False):
    """Bytes of a one-page A4 PDF showing `text`."""
    catalog = "<< /Type /Catalog /Pages 2 0 R"
    if language:
        catalog += f" /Lang {_hex_text(language)}"
    if tagged:
        catalog += " /MarkInfo << /Marked true >> /StructTreeRoot 5 0 R"
    catalog += " >>"
    stream = f"BT /F1 18 Tf 72 770 Td ({_ascii_line(text)}) Tj ET".encode("ascii")
    info = f"<< /Title {_hex_text(title)} >>" if title else "<< >>"
    objects = [
        catalog.encode("ascii"),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /StructTreeRoot >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        info.encode("ascii"),
    ]
    output = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(output)
