"""Checks for uploaded files, judged by their content, never by their name or declared type.

Browsers let users rename anything and send any `Content-Type`, so these checks read the
bytes: images must decode with Pillow as JPEG, PNG, WebP or GIF and are then re-encoded from
their pixels (which drops EXIF, GPS, comments and any payload glued to the file); PDFs must
look like PDFs and carry no scripts, launch actions or attached files.

Each public function raises `ValidationError` with a translated message, so a form's
`clean_<field>` can call it and store what it returns:

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        return clean_image(logo, max_side=800) if logo else logo
"""

from __future__ import annotations

import re
import uuid
import zlib
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024

# Upload limits. Read at call time, so tests may monkeypatch them.
MAX_IMAGE_BYTES = 8 * MEGABYTE
MAX_PDF_BYTES = 20 * MEGABYTE
MAX_IMAGE_SIDE = 8000
# A 40-megapixel RGBA image is 160 MB once decoded: the decompression-bomb guard.
MAX_IMAGE_PIXELS = 40_000_000

JPEG_QUALITY = 85

# Only these decoders are ever tried. Pillow otherwise guesses among dozens of formats, some
# with a history of parser bugs and one (EPS) that runs Ghostscript.
_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# Phone cameras often write multi-picture JPEGs, which Pillow reports as MPO.
_ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF"})
_IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")

MESSAGES = {
    "empty": _("The file is empty."),
    "image_too_large": _("The image is larger than %(limit)s MB."),
    "not_an_image": _("This file is not a JPEG, PNG, WebP or GIF image."),
    "damaged_image": _("The image is damaged or incomplete and could not be read."),
    "too_many_pixels": _(
        "The image is too large: it may be at most %(side)s pixels wide and high, and %(megapixels)s "
        "megapixels in all."
    ),
    "pdf_too_large": _("The PDF is larger than %(limit)s MB."),
    "not_a_pdf": _("This file is not a PDF document."),
    "damaged_pdf": _("The PDF is damaged or incomplete."),
    "pdf_active_content": _(
        "This PDF contains JavaScript, launch actions or attached files, which are not allowed. "
        "Please export it again without them."
    ),
    "pdf_encrypted": _("This PDF is encrypted. Please upload a copy without a password or other protection."),
    "pdf_uncheckable": _(
        "This PDF cannot be checked for unsafe content. Please export it again, for example as PDF/A."
    ),
}


def _refuse(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _megabytes(limit: int) -> str:
    return f"{limit / MEGABYTE:g}" if limit >= MEGABYTE else f"{limit / MEGABYTE:.2g}"


def _read(uploaded_file, limit: int, too_large: str) -> bytes:
    """The file's bytes, reading at most one byte past the limit.

    The declared size is not trusted; reading limit + 1 bytes bounds memory whatever the
    file claims.
    """
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1) or b""
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    if not data:
        raise _refuse("empty")
    if len(data) > limit:
        raise _refuse(too_large, limit=_megabytes(limit))
    return data


def _generated_name(extension: str) -> str:
    # The user's file name is never stored: it may carry a path, a misleading extension or
    # personal details, and a random name cannot be guessed.
    return f"{uuid.uuid4().hex}.{extension}"


# ---------------------------------------------------------------------------------------------
# Images


def _check_dimensions(width: int, height: int) -> None:
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE or width * height > MAX_IMAGE_PIXELS:
        raise _refuse("too_many_pixels", side=MAX_IMAGE_SIDE, megapixels=MAX_IMAGE_PIXELS // 1_000_000)


def _unreadable(data: bytes) -> ValidationError:
    # A file that starts like an image but does not decode is "damaged"; anything else is
    # "not an image". Only the message differs: both are refused.
    looks_like_image = data.startswith(_IMAGE_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    return _refuse("damaged_image" if looks_like_image else "not_an_image")


def _decode(data: bytes, box: tuple[int, int]) -> Image.Image:
    """The first frame, fully decoded and upright, after every check on the raw file."""
    try:
        # First pass: only the header is parsed, so sizes are checked before any pixel is
        # decompressed, then verify() checks what the format allows (PNG chunk CRCs).
        with Image.open(BytesIO(data), formats=_PILLOW_FORMATS) as probe:
            image_format = probe.format
            _check_dimensions(*probe.size)
            probe.verify()
        if image_format not in _ACCEPTED_FORMATS:
            raise _refuse("not_an_image")
        # verify() leaves the image unusable: decode again from the start.
        image = Image.open(BytesIO(data), formats=_PILLOW_FORMATS)
        _check_dimensions(*image.size)
        if image_format in {"JPEG", "MPO"}:
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the result is shrunk anyway.
            side = max(box)
            image.draft("RGB", (side, side))
        image.load()  # raises on truncated data (ImageFile.LOAD_TRUNCATED_IMAGES stays False)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow's own guard fires first for images far beyond our limit (the warning is an
        # exception only when warnings are escalated, as in the test suite).
        raise _refuse(
            "too_many_pixels", side=MAX_IMAGE_SIDE, megapixels=MAX_IMAGE_PIXELS // 1_000_000
        ) from error
    except UnidentifiedImageError as error:
        raise _unreadable(data) from error
    except Exception as error:
        # Pillow signals malformed input with many exception types (OSError, SyntaxError,
        # ValueError, struct.error, EOFError...); all of them mean the file is refused.
        raise _refuse("damaged_image") from error
    try:
        upright = ImageOps.exif_transpose(image)
    except Exception:
        # Orientation is cosmetic and the metadata is dropped anyway: a broken EXIF block
        # should not cost the user their upload.
        upright = image
    return upright if upright is not None else image


def _pixels(image: Image.Image) -> Image.Image:
    """The image as 8-bit RGB, or RGBA when some pixel is actually transparent."""
    if image.mode in {"I", "I;16", "I;16L", "I;16B", "I;16N"}:
        # 16-bit greyscale: a plain convert() clips everything above 255 to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        min_alpha, _max_alpha = rgba.getchannel("A").getextrema()
        if min_alpha < 255:
            return rgba
        # An alpha channel that is opaque everywhere is no transparency: encode as a photo.
        return rgba.convert("RGB")
    return image.convert("RGB")


def _encode(image: Image.Image, box: tuple[int, int]) -> ContentFile:
    pixels = _pixels(image)
    pixels.thumbnail(box, Image.Resampling.LANCZOS)  # only ever shrinks
    # Rebuild from raw pixels: Pillow's encoders copy some of `info` (JPEG comments, PNG ICC
    # profiles) into the output, and a fresh image has none to copy.
    clean = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    output = BytesIO()
    if clean.mode == "RGBA":
        clean.save(output, format="PNG")
        extension = "png"
    else:
        clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return ContentFile(output.getvalue(), name=_generated_name(extension))


def clean_image(uploaded_file, *, max_side: int = 2000) -> ContentFile:
    """Check an uploaded image by its content and return a re-encoded, metadata-free copy.

    Accepts JPEG, PNG, WebP and GIF (first frame only) as detected by Pillow, up to
    MAX_IMAGE_BYTES and MAX_IMAGE_SIDE x MAX_IMAGE_SIDE / MAX_IMAGE_PIXELS. The copy is
    turned upright by its EXIF orientation, shrunk so its longest side is at most
    `max_side`, and saved as PNG when it has transparency, JPEG (quality 85) otherwise,
    under a random name. Raises ValidationError for anything else: empty, oversize,
    truncated or undecodable files, SVG, HTML, PDF and decompression bombs.
    """
    data = _read(uploaded_file, MAX_IMAGE_BYTES, "image_too_large")
    box = (max_side, max_side)
    return _encode(_decode(data, box), box)


def make_thumbnail(image_content, *, size: tuple[int, int] = (400, 300)) -> ContentFile:
    """A copy of an image fitted inside `size` (aspect ratio kept, never enlarged, never cropped).

    Meant for the output of clean_image, but runs the same checks, so it is safe on any
    file. PNG when the image has transparency, JPEG otherwise, under a random name.
    """
    data = _read(image_content, MAX_IMAGE_BYTES, "image_too_large")
    return _encode(_decode(data, size), size)


# ---------------------------------------------------------------------------------------------
# PDFs
#
# A screen, not a full parser: it walks the object syntax (skipping string literals, comments
# and stream data, as a reader does) and refuses PDFs that name a JavaScript or launch action,
# an attached file, Flash (RichMedia) or an XFA form. Names may be written with #xx escapes
# (/J#61vaScript) and may sit inside compressed object streams, so both are decoded first.
# Matching names as tokens, not as bytes anywhere, matters: b"/JS" turns up by chance about
# once per 16 MB of compressed image or font data, which would refuse ordinary brochures.

_PDF_FORBIDDEN = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"XFA"}
)
# Long enough never to match compressed data by chance, so these are also searched for in the
# raw bytes, stream data included: a second net should the walk below ever be misled.
_PDF_FORBIDDEN_ANYWHERE = frozenset(
    {b"JavaScript", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia"}
)
_PDF_OTHER_FILTERS = frozenset(
    {
        b"ASCIIHexDecode",
        b"AHx",
        b"ASCII85Decode",
        b"A85",
        b"LZWDecode",
        b"LZW",
        b"RunLengthDecode",
        b"RL",
        b"CCITTFaxDecode",
        b"CCF",
        b"JBIG2Decode",
        b"DCTDecode",
        b"DCT",
        b"JPXDecode",
        b"Crypt",
    }
)
# Decompressed object streams, in total; beyond this the file is refused as uncheckable.
MAX_PDF_INFLATED_BYTES = 16 * MEGABYTE

_PDF_WHITESPACE = b"\x00\t\n\x0c\r "
# One token, after any whitespace. Only names, words and string openings are told apart;
# comments, dictionary brackets, hex strings and stray delimiters are skipped as a whole.
_PDF_TOKEN = re.compile(
    rb"""
    [\x00\t\n\x0c\r\ ]*
    (?:
        (?P<name>/[^\x00\t\n\x0c\r\ ()<>\[\]{}/%]*)
      | (?P<word>[^\x00\t\n\x0c\r\ ()<>\[\]{}/%]+)
      | (?P<string>\()
      | %[^\r\n]*
      | <<|>>
      | <[^>]*>
      | .
    )
    """,
    re.VERBOSE | re.DOTALL,
)
_PDF_STRING_SPECIAL = re.compile(rb"[()\\]")
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_name(raw: bytes) -> bytes:
    if b"#" not in raw:  # the common case, and the walk below meets many names
        return raw
    return _PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), raw)


def _pdf_skip_string(data: bytes, position: int) -> int:
    """The position after a literal string whose opening parenthesis ends at `position`."""
    depth = 1
    while depth:
        match = _PDF_STRING_SPECIAL.search(data, position)
        if match is None:
            return len(data)
        position = match.end()
        if match[0] == b"\\":
            position += 1
        else:
            depth += 1 if match[0] == b"(" else -1
    return position


def _pdf_walk(data: bytes, *, streams_allowed: bool) -> tuple[set[bytes], list[tuple[set[bytes], bytes]]]:
    """Every name in the object syntax, and each stream's (dictionary names, raw data)."""
    names: set[bytes] = set()
    object_names: set[bytes] = set()  # names since the last `obj` keyword
    streams: list[tuple[set[bytes], bytes]] = []
    length: int | None = None  # the current object's /Length, when given directly
    length_state = None
    position, size = 0, len(data)
    while position < size:
        token = _PDF_TOKEN.match(data, position)
        if token is None:  # only whitespace left
            break
        kind, value, position = token.lastgroup, token[token.lastgroup or 0], token.end()
        if kind == "string":
            position = _pdf_skip_string(data, position)
        elif kind == "name":
            name = _pdf_name(value[1:])
            names.add(name)
            object_names.add(name)
            length_state = "expect" if name == b"Length" else None
        elif kind == "word":
            if length_state == "expect" and value.isdigit():
                length, length_state = int(value), "stored"
                continue
            if length_state == "stored" and value.isdigit():
                length = None  # "/Length 12 0 R": stored elsewhere
            length_state = None
            if value == b"obj":
                object_names, length = set(), None
            elif value == b"stream" and streams_allowed:
                if data.startswith(b"\r\n", position):
                    position += 2
                elif data.startswith((b"\n", b"\r"), position):
                    position += 1
                end = data.find(b"endstream", position)
                if end == -1:
                    raise _refuse("damaged_pdf")
                # A reader trusting /Length would parse whatever lies between the declared end
                # and "endstream" as objects that this walk would skip as stream data.
                if length is not None and data[position + length : end].strip(_PDF_WHITESPACE):
                    raise _refuse("damaged_pdf")
                streams.append((object_names, data[position:end]))
                position = end + len(b"endstream")
        else:
            length_state = None
    return names, streams


def _pdf_inflate(dictionary_names: set[bytes], raw: bytes, budget: int) -> bytes:
    """An object stream's content, or a refusal when it cannot be decoded within the budget."""
    if b"Filter" not in dictionary_names:
        return raw
    # Legitimate object streams are Flate-compressed without predictors; anything else could
    # hide names from this screen, so it is refused rather than waved through.
    if (
        b"FlateDecode" not in dictionary_names
        or dictionary_names & _PDF_OTHER_FILTERS
        or b"DecodeParms" in dictionary_names
    ):
        raise _refuse("pdf_uncheckable")
    try:
        content = zlib.decompressobj().decompress(raw, budget + 1)
    except zlib.error as error:
        raise _refuse("pdf_uncheckable") from error
    if len(content) > budget:
        raise _refuse("pdf_uncheckable")
    return content


def clean_pdf(uploaded_file) -> ContentFile:
    """Check an uploaded PDF by its content and return it under a random `.pdf` name.

    Refuses (ValidationError) empty files, files over MAX_PDF_BYTES, files that do not start
    with `%PDF-` or lack `%%EOF` in their last 2 KB, encrypted PDFs (they cannot be checked),
    and PDFs naming JavaScript, launch actions, embedded files, RichMedia or XFA forms,
    including inside compressed object streams. The bytes themselves are returned unchanged.
    """
    data = _read(uploaded_file, MAX_PDF_BYTES, "pdf_too_large")
    if not data.startswith(b"%PDF-"):
        raise _refuse("not_a_pdf")
    if b"%%EOF" not in data[-2048:]:
        raise _refuse("damaged_pdf")
    if {_pdf_name(raw) for raw in _PDF_NAME.findall(data)} & _PDF_FORBIDDEN_ANYWHERE:
        raise _refuse("pdf_active_content")
    names, streams = _pdf_walk(data, streams_allowed=True)
    if b"Encrypt" in names:
        # Encrypted object streams cannot be read without the key, so nothing in them could
        # be checked.
        raise _refuse("pdf_encrypted")
    if names & _PDF_FORBIDDEN:
        raise _refuse("pdf_active_content")
    budget = MAX_PDF_INFLATED_BYTES
    for dictionary_names, raw in streams:
        # Object streams hold ordinary objects in compressed form. A reader needs /N and
        # /First to use one, so those identify it even without /Type /ObjStm.
        if b"ObjStm" in dictionary_names or {b"N", b"First"} <= dictionary_names:
            content = _pdf_inflate(dictionary_names, raw, budget)
            budget -= len(content)
            # Objects in an object stream never contain streams themselves.
            inner_names, _streams = _pdf_walk(content, streams_allowed=False)
            if inner_names & _PDF_FORBIDDEN:
                raise _refuse("pdf_active_content")
    return ContentFile(data, name=_generated_name("pdf"))
