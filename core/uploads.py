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
    "not_a_document": _("This file is neither a PDF document nor a JPEG, PNG, WebP or GIF image."),
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
# A screen, not a parser. It reads the object syntax the way a reader tokenises it (string
# literals, hex strings and comments are not syntax; stream data is skipped) and refuses PDFs
# that name a JavaScript or launch action, an attached file, Flash (RichMedia) or an XFA form.
# Names may be #-escaped (/J#61vaScript) and may sit inside compressed object streams, so both
# are handled. Names are matched as tokens, not as bytes anywhere: b"/JS" turns up by chance
# about once per 16 MB of compressed image or font data and would refuse ordinary brochures.
# The work is done by regular expressions over whole runs of syntax, not token by token in
# Python: milliseconds for real PDFs, about two seconds for the worst hostile 20 MB file tried.

_PDF_FORBIDDEN = (b"JavaScript", b"JS", b"Launch", b"EmbeddedFiles", b"EmbeddedFile", b"RichMedia", b"XFA")
# Long enough never to match compressed data by chance, so these are also searched for in the
# raw bytes, stream data included: a second net should the tokenising ever be misled.
_PDF_FORBIDDEN_ANYWHERE = (b"JavaScript", b"Launch", b"EmbeddedFiles", b"EmbeddedFile", b"RichMedia")
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
# Real brochures have hundreds to a few thousand streams; the cap bounds the loop below.
MAX_PDF_STREAMS = 100_000
# A stream's dictionary is a few hundred bytes; a huge one is refused rather than parsed.
_MAX_PDF_DICTIONARY = 64 * 1024

_WHITESPACE = b"\x00\t\n\x0c\r "
_WS = rb"\x00\t\n\x0c\r "  # the same, as regular-expression source
_DELIMITERS = rb"()<>\[\]{}/%"
_REGULAR = rb"[^" + _WS + _DELIMITERS + rb"]"
_NOT_REGULAR_NEXT = rb"(?!" + _REGULAR + rb")"
_STREAM_WORD = rb"stream[ \t]*(?:\r\n|\n|\r)"
_STREAM_AFTER_DICTIONARY = rb"[" + _WS + rb"]*" + _STREAM_WORD


def _pdf_string_pattern(depth: int) -> bytes:
    """A literal string with up to `depth` levels of balanced parentheses."""
    pattern = rb"\((?:[^()\\]|\\.)*+\)"
    for _level in range(depth - 1):
        pattern = rb"\((?:[^()\\]|\\.|" + pattern + rb")*+\)"
    return pattern


# What a reader never takes for names or keywords: strings, hex strings, comments; "<<" is
# listed so that its second "<" is not read as the start of a hex string.
_PDF_INERT_PATTERN = rb"(?:" + _pdf_string_pattern(4) + rb"|<<|<[^<>]*>|%[^\r\n]*)"
_PDF_INERT = re.compile(_PDF_INERT_PATTERN, re.DOTALL)
# A run of object syntax, up to the next stream or anything this screen cannot tokenise (a
# "(" nested deeper than four levels or unbalanced, a stray "<", a misplaced "stream").
_PDF_RUN = re.compile(
    rb"(?:%s)*+"
    % b"|".join(
        [
            _PDF_INERT_PATTERN,
            rb"/" + _REGULAR + rb"*+",  # a name
            rb">>(?!" + _STREAM_AFTER_DICTIONARY + rb")",  # a dictionary's end, unless a stream
            rb">(?!>)",
            rb"(?!" + _STREAM_WORD + rb")" + _REGULAR + rb"++",  # a number or keyword other than "stream"
            rb"[" + _WS + rb"\[\]{})]",
        ]
    ),
    re.DOTALL,
)
_PDF_STREAM_START = re.compile(rb">>" + _STREAM_AFTER_DICTIONARY)
# Everything up to the last `obj` keyword: what follows it is the current object.
_PDF_UP_TO_LAST_OBJ = re.compile(rb"(?s:.*)(?<![^" + _WS + rb"()<>\[\]{}%])obj" + _NOT_REGULAR_NEXT)
_PDF_NAME = re.compile(rb"/(" + _REGULAR + rb"*)")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_LENGTH = re.compile(rb"/Length[" + _WS + rb"]+(\d+)(?!\d)(?![" + _WS + rb"]+\d+[" + _WS + rb"]+R)")


def _pdf_name_pattern(names) -> re.Pattern:
    """Names in any #-escaped spelling: /JS, /J#53 and /#4A#53 are the same name."""

    def spelling(name: bytes) -> bytes:
        parts = []
        for byte in name:
            high, low = b"%x" % (byte >> 4), b"%x" % (byte & 15)
            parts.append(
                b"(?:%s|#[%s%s][%s%s])" % (re.escape(bytes([byte])), high, high.upper(), low, low.upper())
            )
        return b"".join(parts)

    return re.compile(rb"/(" + b"|".join(spelling(name) for name in names) + rb")" + _NOT_REGULAR_NEXT)


_PDF_FORBIDDEN_NAMES = _pdf_name_pattern((*_PDF_FORBIDDEN, b"Encrypt"))
_PDF_FORBIDDEN_ANYWHERE_NAMES = _pdf_name_pattern(_PDF_FORBIDDEN_ANYWHERE)


def _pdf_name(raw: bytes) -> bytes:
    if b"#" not in raw:
        return raw
    return _PDF_NAME_ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), raw)


def _pdf_flagged(syntax: bytes) -> set[bytes]:
    """The forbidden names (and Encrypt) among a run of syntax with strings and comments removed."""
    return {_pdf_name(raw) for raw in set(_PDF_FORBIDDEN_NAMES.findall(syntax))}


def _pdf_walk(data: bytes, *, streams_allowed: bool) -> tuple[set[bytes], list[tuple[set[bytes], bytes]]]:
    """Forbidden names in the object syntax, and each stream's (dictionary names, raw data)."""
    flagged: set[bytes] = set()
    streams: list[tuple[set[bytes], bytes]] = []
    position, size = 0, len(data)
    while True:
        run_end = _PDF_RUN.match(data, position).end()
        syntax = _PDF_INERT.sub(b" ", data[position:run_end])
        flagged |= _pdf_flagged(syntax)
        start = _PDF_STREAM_START.match(data, run_end) if streams_allowed else None
        if start is None:
            if run_end < size:
                raise _refuse("pdf_uncheckable")
            return flagged, streams
        if len(streams) >= MAX_PDF_STREAMS:
            raise _refuse("pdf_uncheckable")
        last_obj = _PDF_UP_TO_LAST_OBJ.match(syntax)
        dictionary = syntax[last_obj.end() :] if last_obj else syntax
        if len(dictionary) > _MAX_PDF_DICTIONARY:
            raise _refuse("pdf_uncheckable")
        data_start = start.end()
        data_end = data.find(b"endstream", data_start)
        if data_end == -1:
            raise _refuse("damaged_pdf")
        lengths = {int(length) for length in _PDF_LENGTH.findall(_pdf_name(dictionary))}
        if len(lengths) > 1:
            raise _refuse("damaged_pdf")
        # A reader trusting /Length would parse whatever lies between the declared end and
        # "endstream" as objects, which this walk skips as stream data.
        for length in lengths:
            if data[data_start + length : data_end].strip(_WHITESPACE):
                raise _refuse("damaged_pdf")
        names = {_pdf_name(raw) for raw in _PDF_NAME.findall(dictionary)}
        streams.append((names, data[data_start:data_end]))
        position = data_end + len(b"endstream")


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
    PDFs naming JavaScript, launch actions, embedded files, RichMedia or XFA forms (including
    inside compressed object streams), and PDFs too unusual to be checked. The bytes
    themselves are returned unchanged.
    """
    data = _read(uploaded_file, MAX_PDF_BYTES, "pdf_too_large")
    if not data.startswith(b"%PDF-"):
        raise _refuse("not_a_pdf")
    if b"%%EOF" not in data[-2048:]:
        raise _refuse("damaged_pdf")
    if _PDF_FORBIDDEN_ANYWHERE_NAMES.search(data):
        raise _refuse("pdf_active_content")
    flagged, streams = _pdf_walk(data, streams_allowed=True)
    if b"Encrypt" in flagged:
        # Encrypted object streams cannot be read without the key, so nothing in them could
        # be checked.
        raise _refuse("pdf_encrypted")
    if flagged:
        raise _refuse("pdf_active_content")
    budget = MAX_PDF_INFLATED_BYTES
    for dictionary_names, raw in streams:
        # Object streams hold ordinary objects in compressed form. A reader needs /N and
        # /First to use one, so those identify it even without /Type /ObjStm.
        if b"ObjStm" in dictionary_names or {b"N", b"First"} <= dictionary_names:
            content = _pdf_inflate(dictionary_names, raw, budget)
            budget -= len(content)
            # Objects inside an object stream never contain streams themselves.
            if _pdf_walk(content, streams_allowed=False)[0] & set(_PDF_FORBIDDEN):
                raise _refuse("pdf_active_content")
    return ContentFile(data, name=_generated_name("pdf"))


def clean_document(uploaded_file) -> ContentFile:
    """A PDF or an image (evidence, attachments), each checked as ``clean_pdf`` / ``clean_image`` do.

    Which check applies is decided by the first bytes, never by the name: anything that is
    neither is refused with the image check's message plus the PDF alternative.
    """
    head = _read(uploaded_file, MAX_PDF_BYTES, "pdf_too_large")[:8]
    if head.startswith(b"%PDF-"):
        return clean_pdf(uploaded_file)
    if head.startswith((*_IMAGE_SIGNATURES, b"RIFF")):
        return clean_image(uploaded_file)
    raise _refuse("not_a_document")
