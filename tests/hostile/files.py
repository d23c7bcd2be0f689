"""Hostile files for the upload tests: each lies about what it is or how big it becomes."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image

HTML = b"<!doctype html><html><body><script>alert('k1x')</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(\'k1x\')"><script>alert(1)</script></svg>'
# Valid as JavaScript (GIF89a is an identifier, the rest a comment and a call), but not a GIF.
GIF_JS_POLYGLOT = b"GIF89a/*\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00*/=1;alert('k1x');//;"


def _pdf(catalog_extra: bytes) -> bytes:
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>\nendobj\n"
    body += b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    return body


PDF_JAVASCRIPT = _pdf(b"/OpenAction << /S /JavaScript /JS (app.alert('k1x')) >>")
PDF_LAUNCH = _pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>")
PDF_ESCAPED_JS = _pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")


def png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_with_trailing_html() -> bytes:
    return png() + HTML


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 100_000) -> bytes:
    """A PNG header claiming side x side pixels (10 gigapixels) in under 100 bytes."""
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def oversize(limit: int, head: bytes) -> bytes:
    """One byte over ``limit``, starting like a real file of its kind."""
    return head + b"\x00" * (limit + 1 - len(head))


def xlsx_bomb(inflated: int = 110 * 1024 * 1024) -> bytes:
    """An XLSX-shaped zip whose sheet inflates to ``inflated`` bytes (about 100 KB on disk)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * (1024 * 1024)
            for _ in range(inflated // len(chunk)):
                sheet.write(chunk)
    return buffer.getvalue()


def xlsx_many_members(count: int = 5000) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index in range(count):
            archive.writestr(f"xl/media/part{index}.xml", b"")
    return buffer.getvalue()
