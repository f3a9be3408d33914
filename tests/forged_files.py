"""Files for upload tests, genuine and forged, generated in memory (no binary fixtures).

Shared by every test that uploads something: documents (PDF, OOXML, ODF), images, and the
project-wide security suite. Each forger returns bytes; the name to upload them under is
the test's choice (a forged file is usually sent under the name of what it pretends to be).
"""

import io
import os
import zipfile

from PIL import Image as PillowImage
from PIL import PngImagePlugin

from documents.pdf_builder import build_pdf

# --- Documents: genuine ---------------------------------------------------------------

ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OOXML_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def ooxml_bytes(extension, main_part=None, extra_members=()):
    """A minimal Office Open XML file; `extra_members` are (name, bytes) added after."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(main_part or OOXML_MAIN_PARTS[extension], '<?xml version="1.0"?><x/>')
        for name, content in extra_members:
            archive.writestr(name, content)
    return buffer.getvalue()


def odf_bytes(extension, mimetype=None, members=None):
    """A minimal OpenDocument file: `mimetype` first and uncompressed, then `members`."""
    if members is None:
        members = {
            "content.xml": '<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": '<?xml version="1.0"?><manifest/>',
        }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype or ODF_MIMETYPES[extension], zipfile.ZIP_STORED)
        for name, content in members.items():
            archive.writestr(name, content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def valid_bytes(extension, text="Document"):
    """A small genuine file of an allowed document type."""
    if extension == "pdf":
        return build_pdf(text, title=text, language="fr-FR", tagged=True)
    if extension in OOXML_MAIN_PARTS:
        return ooxml_bytes(extension)
    return odf_bytes(extension)


# --- Documents: forged ----------------------------------------------------------------


def html_behind_pdf_header():
    """A web page with a script, behind the five bytes a naive check looks at."""
    return b"%PDF-1.7\n<!DOCTYPE html><html><body><script>alert(document.domain)</script>"


def truncated_pdf():
    """A genuine PDF cut in the middle: header right, structure gone."""
    pdf = build_pdf("Coupé")
    return pdf[: len(pdf) // 2]


def pdf_without_pages():
    """A well-formed PDF whose page tree is empty."""
    return _pdf_from_objects(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


def password_protected_pdf(user_password="secret", owner_password="proprietaire"):
    """A genuine PDF encrypted with pypdf; with user_password="" it opens without one
    (only printing/editing are restricted, as many exported forms are)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf("Protégé"))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript(script):
    """A one-page PDF that runs `script` (Acrobat JavaScript) as soon as it is opened."""
    return _pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /S /JavaScript /JS " + _pdf_string(script) + b" >>",
            _pdf_stream(b"BT /F1 18 Tf 72 770 Td (Document avec script) Tj ET"),
        ]
    )


def pdf_with_script_in_link(action=b"<< /S /JavaScript /JS (app.alert(1)) >>"):
    """A one-page PDF whose only script hides in a link annotation's action (no /OpenAction),
    reached through the page's /Annots: a check of the catalogue alone misses it."""
    return _pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
            b"<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A " + action + b" >>",
        ]
    )


def zip_bomb(extension, member_bytes=20 * 1024 * 1024):
    """A genuine-looking office file with one member of zeros: kilobytes on disk, and
    `member_bytes` once decompressed (a ratio of about a thousand)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if extension in ODF_MIMETYPES:
            archive.writestr("mimetype", ODF_MIMETYPES[extension], zipfile.ZIP_STORED)
            archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
            archive.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        else:
            archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
            archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
            archive.writestr(OOXML_MAIN_PARTS[extension], '<?xml version="1.0"?><x/>')
        with archive.open("media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(member_bytes // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def incompressible_members(extension, count, member_bytes):
    """An office file with `count` extra members of random bytes (large once added up,
    at an ordinary ratio: for the total-size bound rather than the ratio one)."""
    extra = [(f"media/image{number}.bin", os.urandom(member_bytes)) for number in range(count)]
    if extension in ODF_MIMETYPES:
        members = {
            "content.xml": '<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": '<?xml version="1.0"?><manifest/>',
            **dict(extra),
        }
        return odf_bytes(extension, members=members)
    return ooxml_bytes(extension, extra_members=extra)


def encrypted_zip(extension):
    """An office file whose members carry the « encrypted » flag (zipfile cannot write
    real encryption; the flag is what a reader, and the check, go by)."""
    content = bytearray(valid_bytes(extension))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := content.find(signature, start)) != -1:
            content[start + flag_offset] |= 0x1
            start += 4
    return bytes(content)


def corrupted_zip(extension):
    """A genuine office file with one byte of its compressed content changed: the
    directory is intact, the member's checksum no longer matches."""
    content = bytearray(valid_bytes(extension))
    # The main part's data sits after the first local header; flip a byte inside it.
    position = content.find(b"PK\x03\x04", 4)
    content[position - 3] ^= 0xFF
    return bytes(content)


def ole_file():
    """The first bytes of an OLE compound file: a password-protected Office file, or a
    .doc/.xls of before 2007."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def executable():
    return b"MZ\x90\x00\x03" + bytes(200)


def html_page():
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


# --- Images -----------------------------------------------------------------------------


def gps_exif():
    """EXIF with a camera maker and a GPS position, what must never be published."""
    exif = PillowImage.Exif()
    exif[0x010F] = "Appareil photo"
    exif[0x8825] = {1: "N", 2: (48.0, 6.0, 0.0)}  # GPS position
    return exif


def image_bytes(size=(64, 48), image_format="JPEG", color="navy", exif=None, noisy=False):
    """An encoded image; `noisy` makes it incompressible (a heavy file for its size)."""
    buffer = io.BytesIO()
    options = {"exif": exif.tobytes()} if exif is not None else {}
    if noisy:
        picture = PillowImage.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        picture = PillowImage.new("RGB", size, color)
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def image_with_metadata(image_format="PNG", size=(600, 300)):
    """An image carrying GPS in EXIF and XMP, plus (PNG) a text comment: metadata in every
    place each format keeps it."""
    buffer = io.BytesIO()
    picture = PillowImage.new("RGB", size, "teal")
    xmp = b"<x:xmpmeta><GPSLatitude>48,6N</GPSLatitude></x:xmpmeta>"
    options = {"exif": gps_exif().tobytes()}
    if image_format == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "Position GPS 48,6N")
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        options["pnginfo"] = info
    else:
        options["xmp"] = xmp
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def pixel_bomb_png(side=20_000):
    """A PNG of a few kilobytes declaring side × side pixels (a decompression bomb)."""
    buffer = io.BytesIO()
    PillowImage.new("1", (side, side)).save(buffer, format="PNG")
    return buffer.getvalue()


def svg_with_script():
    return (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
        b"<script>alert(1)</script></svg>"
    )


def gif_script_polyglot():
    """A GIF header that is also a script (`GIF89a/*…*/=1;alert(…)`)."""
    return b"GIF89a/*\x00\x00\x00\x00*/=1;alert(document.domain);//"


def truncated_jpeg():
    """A genuine JPEG cut after its first bytes."""
    return image_bytes(size=(400, 300))[:200]


def zip_without_members():
    """A sound ZIP archive holding none of an office document's parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "pas un document")
    return buffer.getvalue()


def html_behind_jpeg_header():
    """The first bytes of a JPEG, then a web page: a polyglot a header check would pass."""
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + html_page()


# --- PDF writing ------------------------------------------------------------------------


def _pdf_string(text):
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def _pdf_stream(data):
    return b"<< /Length " + str(len(data)).encode() + b" >>\nstream\n" + data + b"\nendstream"


def _pdf_from_objects(objects):
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
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
    ).encode()
    return bytes(output)


# --- Sets for the security suite (tests/security/test_uploads.py) ----------------------

FORGED_IMAGES = {
    "page web nommée .jpg": ("portrait.jpg", html_page),
    "SVG à script nommé .png": ("portrait.png", svg_with_script),
    "programme nommé .png": ("portrait.png", executable),
    "GIF-script nommé .webp": ("portrait.webp", gif_script_polyglot),
    "page web derrière un en-tête JPEG": ("portrait.jpg", html_behind_jpeg_header),
    "bombe de décompression": ("portrait.png", pixel_bomb_png),
    "JPEG tronqué": ("portrait.jpg", truncated_jpeg),
    "fichier vide": ("portrait.jpg", lambda: b""),
}

FORGED_DOCUMENTS = {
    "programme nommé .pdf": ("dossier.pdf", executable),
    "page web nommée .pdf": ("dossier.pdf", html_page),
    "page web derrière un en-tête PDF": ("dossier.pdf", html_behind_pdf_header),
    "PDF tronqué": ("dossier.pdf", truncated_pdf),
    "PDF à JavaScript": ("dossier.pdf", lambda: pdf_with_javascript("app.alert(1);")),
    "SVG à script nommé .pdf": ("dossier.pdf", svg_with_script),
    "page web nommée .docx": ("dossier.docx", html_page),
    "archive sans document nommée .docx": ("dossier.docx", zip_without_members),
    "archive sans document nommée .odt": ("dossier.odt", zip_without_members),
    "bombe de décompression .docx": ("dossier.docx", lambda: zip_bomb("docx")),
    "fichier vide": ("dossier.pdf", lambda: b""),
    "page web nommée .html": ("dossier.html", html_page),
}
