"""Forged files, made by the tests themselves: content that lies about its type, hides a
script, or expands far beyond its size."""

import io
import struct
import zipfile
import zlib

from PIL import Image as PillowImage

HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(2)</script></svg>"
)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
GIF_SCRIPT_POLYGLOT = b"GIF89a/*\x00\x00\x00\x00*/=1;alert(document.domain);//"


def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(width=30_000, height=30_000):
    """A valid PNG header announcing a huge picture (900 Mpx) in a few hundred bytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (width // 8 + 1) * 64)  # the start of the rows only
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", rows)
        + png_chunk(b"IEND", b"")
    )


def truncated_jpeg():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (400, 300), (30, 60, 90)).save(buffer, format="JPEG")
    return buffer.getvalue()[:200]


def zip_without_members():
    """A valid ZIP archive holding none of an office document's parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "pas un document")
    return buffer.getvalue()


FORGED_IMAGES = {
    "page web nommée .jpg": ("portrait.jpg", HTML_PAGE),
    "SVG à script nommé .png": ("portrait.png", SVG_WITH_SCRIPT),
    "programme nommé .png": ("portrait.png", WINDOWS_PROGRAM),
    "GIF-script nommé .webp": ("portrait.webp", GIF_SCRIPT_POLYGLOT),
    "bombe de décompression": ("portrait.png", png_bomb()),
    "JPEG tronqué": ("portrait.jpg", truncated_jpeg()),
    "fichier vide": ("portrait.jpg", b""),
}

FORGED_DOCUMENTS = {
    "programme nommé .pdf": ("dossier.pdf", WINDOWS_PROGRAM),
    "page web nommée .pdf": ("dossier.pdf", HTML_PAGE),
    "SVG à script nommé .pdf": ("dossier.pdf", SVG_WITH_SCRIPT),
    "page web nommée .docx": ("dossier.docx", HTML_PAGE),
    "archive sans document nommée .docx": ("dossier.docx", zip_without_members()),
    "archive sans document nommée .odt": ("dossier.odt", zip_without_members()),
    "fichier vide": ("dossier.pdf", b""),
    "page web nommée .html": ("dossier.html", HTML_PAGE),
}
