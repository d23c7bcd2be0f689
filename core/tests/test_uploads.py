"""Uploads are judged by their bytes: images are re-encoded clean, PDFs screened, files served inert."""

import re
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from PIL import ExifTags, Image

from core import uploads
from core.files import serve_protected
from core.uploads import clean_image, clean_pdf, make_thumbnail

GENERATED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|pdf)$")
RED, BLUE = (255, 0, 0), (0, 0, 255)


# --- building test files ----------------------------------------------------------------------


def image_bytes(image: Image.Image, format: str, **options) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def opened(content) -> Image.Image:
    content.seek(0)
    return Image.open(BytesIO(content.read()))


def raw(content) -> bytes:
    content.seek(0)
    return content.read()


def two_colour(size=(40, 20), mode="RGB", left=RED, right=BLUE) -> Image.Image:
    """Left half one colour, right half another, so rotations can be told apart."""
    image = Image.new(mode, size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    return image


def is_close(pixel, colour, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], colour, strict=True))


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bilevel_png(width: int, height: int, *, pixel_data: bool = True) -> bytes:
    """A black-and-white PNG built by hand: huge dimensions cost only a few kilobytes."""
    header = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
    row = b"\x00" + bytes((width + 7) // 8)  # filter byte + all-black bits
    data = zlib.compress(row * height, 9) if pixel_data else zlib.compress(row)
    return b"\x89PNG\r\n\x1a\n" + header + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def refusal_code(function, data: bytes, **kwargs) -> str:
    with pytest.raises(ValidationError) as error:
        function(upload(data), **kwargs)
    return error.value.code


# --- images: what is accepted ---------------------------------------------------------------


def test_jpeg_is_turned_upright_and_loses_exif_gps_and_comments():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored sideways: display rotated 90° clockwise
    exif[ExifTags.Base.Make] = "SpyCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (37.0, 33.0, 59.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (126.0, 58.0, 41.0)
    original = image_bytes(two_colour(), "JPEG", exif=exif, comment=b"secret-comment")
    assert Image.open(BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test input has GPS

    cleaned = clean_image(upload(original))

    assert GENERATED_NAME.match(cleaned.name) and cleaned.name.endswith(".jpg")
    result = opened(cleaned)
    assert result.format == "JPEG"
    assert result.size == (20, 40)  # rotated: what was the left edge is now the top
    assert is_close(result.getpixel((10, 5)), RED)
    assert is_close(result.getpixel((10, 35)), BLUE)
    assert not result.getexif()
    assert "exif" not in result.info and "comment" not in result.info and "icc_profile" not in result.info
    data = raw(cleaned)
    assert b"Exif" not in data and b"SpyCam" not in data and b"secret-comment" not in data


def test_png_with_transparency_stays_png_and_keeps_its_alpha_but_not_its_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    image = Image.new("RGBA", (30, 30), (0, 128, 0, 255))
    image.putpixel((0, 0), (0, 0, 0, 0))
    info = PngInfo()
    info.add_text("Author", "someone@example.com")
    cleaned = clean_image(upload(image_bytes(image, "PNG", pnginfo=info), "logo.png", "image/png"))

    assert cleaned.name.endswith(".png")
    result = opened(cleaned)
    assert result.format == "PNG" and result.mode == "RGBA"
    assert result.getpixel((0, 0))[3] == 0
    assert result.getpixel((10, 10)) == (0, 128, 0, 255)
    assert b"someone@example.com" not in raw(cleaned)


def test_an_alpha_channel_that_is_opaque_everywhere_gives_a_jpeg():
    image = Image.new("RGBA", (30, 30), (0, 128, 0, 255))
    cleaned = clean_image(upload(image_bytes(image, "PNG"), "screenshot.png", "image/png"))
    assert cleaned.name.endswith(".jpg")
    assert opened(cleaned).format == "JPEG"


def test_webp_is_accepted_and_re_encoded():
    cleaned = clean_image(upload(image_bytes(two_colour(), "WEBP", quality=90), "photo.webp", "image/webp"))
    result = opened(cleaned)
    assert result.format == "JPEG" and result.size == (40, 20)
    assert is_close(result.getpixel((5, 10)), RED)


def test_gif_gives_its_first_frame():
    first = two_colour(left=RED, right=RED).convert("P")
    second = two_colour(left=BLUE, right=BLUE).convert("P")
    data = image_bytes(first, "GIF", save_all=True, append_images=[second], duration=100, loop=0)
    assert Image.open(BytesIO(data)).n_frames == 2

    result = opened(clean_image(upload(data, "anim.gif", "image/gif")))
    assert getattr(result, "n_frames", 1) == 1
    assert is_close(result.getpixel((30, 10)), RED)


def test_a_gif_with_html_appended_is_decoded_but_the_payload_does_not_survive():
    payload = b"<html><script>alert(document.cookie)</script></html>"
    polyglot = image_bytes(two_colour().convert("P"), "GIF") + payload
    cleaned = clean_image(upload(polyglot, "photo.gif", "image/gif"))
    data = raw(cleaned)
    assert b"<script" not in data and b"alert" not in data


def test_large_images_are_shrunk_to_max_side():
    big = image_bytes(Image.new("RGB", (3000, 1000), (200, 100, 50)), "JPEG")
    assert opened(clean_image(upload(big))).size == (2000, 667)
    assert opened(clean_image(upload(big), max_side=600)).size == (600, 200)


def test_small_images_are_never_enlarged():
    assert opened(clean_image(upload(image_bytes(two_colour(), "PNG")))).size == (40, 20)


def test_sixteen_bit_greyscale_is_scaled_not_clipped_to_white():
    image = Image.new("I;16", (8, 8), 40000)
    result = opened(clean_image(upload(image_bytes(image, "PNG"), "scan.png", "image/png")))
    assert 140 <= result.getpixel((0, 0))[0] <= 170


def test_each_cleaned_image_gets_a_new_random_name():
    data = image_bytes(two_colour(), "JPEG")
    assert clean_image(upload(data)).name != clean_image(upload(data)).name


def test_thumbnail_fits_inside_the_box_keeping_the_aspect_ratio():
    photo = clean_image(upload(image_bytes(Image.new("RGB", (1000, 800), (10, 20, 30)), "JPEG")))
    thumbnail = make_thumbnail(photo)
    assert GENERATED_NAME.match(thumbnail.name)
    assert opened(thumbnail).size == (375, 300)
    assert opened(make_thumbnail(photo, size=(100, 100))).size == (100, 80)


def test_thumbnail_of_a_transparent_logo_stays_png():
    image = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    logo = clean_image(upload(image_bytes(image, "PNG"), "logo.png", "image/png"))
    thumbnail = make_thumbnail(logo)
    assert thumbnail.name.endswith(".png")
    assert opened(thumbnail).size == (300, 300)


# --- images: what is refused ----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<svg onload=alert(1)>",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        b"just some text",
    ],
    ids=["html", "svg", "svg-short", "pdf", "text"],
)
def test_files_that_are_not_images_are_refused_whatever_their_name_and_type(data):
    assert refusal_code(clean_image, data) == "not_an_image"


def test_a_bmp_is_refused_although_pillow_can_read_it():
    assert refusal_code(clean_image, image_bytes(two_colour(), "BMP")) == "not_an_image"


def test_a_png_header_followed_by_garbage_is_refused_as_damaged():
    assert refusal_code(clean_image, b"\x89PNG\r\n\x1a\n" + b"\x13garbage" * 50) == "damaged_image"


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_a_truncated_image_is_refused(format):
    image = Image.effect_noise((300, 300), 64).convert("RGB")  # noise does not compress away
    data = image_bytes(image if format != "GIF" else image.convert("P"), format)
    assert refusal_code(clean_image, data[: len(data) // 2]) == "damaged_image"


def test_an_empty_file_is_refused():
    assert refusal_code(clean_image, b"") == "empty"


def test_a_file_over_the_size_limit_is_refused_without_trusting_its_declared_size(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_IMAGE_BYTES", 1000)
    data = image_bytes(Image.effect_noise((100, 100), 64).convert("RGB"), "PNG")
    assert len(data) > 1000
    file = upload(data)
    file.size = 10  # a lie; the bytes decide
    with pytest.raises(ValidationError) as error:
        clean_image(file)
    assert error.value.code == "image_too_large"
    assert "MB" in error.value.messages[0]


def test_a_real_decompression_bomb_is_refused_before_it_is_decoded():
    # 10000 x 10000 pixels (100 megapixels) that compress to a few kilobytes.
    bomb = bilevel_png(10000, 10000)
    assert len(bomb) < 100_000
    assert refusal_code(clean_image, bomb) == "too_many_pixels"


def test_a_header_declaring_absurd_dimensions_is_refused():
    assert refusal_code(clean_image, bilevel_png(100_000, 100_000, pixel_data=False)) == "too_many_pixels"


@pytest.mark.parametrize(
    "size", [(8001, 10), (10, 8001), (7000, 7000)], ids=["wide", "tall", "49-megapixels"]
)
def test_images_beyond_our_own_limits_are_refused(size):
    assert refusal_code(clean_image, bilevel_png(*size, pixel_data=False)) == "too_many_pixels"


@translation.override("en")
def test_refusal_messages_name_the_problem():
    with pytest.raises(ValidationError) as error:
        clean_image(upload(b"<html></html>"))
    assert error.value.messages == ["This file is not a JPEG, PNG, WebP or GIF image."]
    with pytest.raises(ValidationError) as error:
        clean_image(upload(bilevel_png(9000, 10, pixel_data=False)))
    assert "8000" in error.value.messages[0] and "40" in error.value.messages[0]


# --- PDFs -----------------------------------------------------------------------------------


def pdf(*objects: bytes, trailer: bytes = b"<< /Root 1 0 R /Size 9 >>") -> bytes:
    """A small PDF; cross-reference offsets are not needed by this screen."""
    body = b"".join(b"%d 0 obj\n%s\nendobj\n" % (number, obj) for number, obj in enumerate(objects, start=1))
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + body + b"trailer\n" + trailer + b"\nstartxref\n0\n%%EOF\n"


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
CONTENT = stream(b"", b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")


def test_a_plain_pdf_is_accepted_unchanged_under_a_generated_name():
    data = pdf(CATALOG, PAGES, PAGE, CONTENT)
    cleaned = clean_pdf(upload(data, "brochure.pdf", "application/pdf"))
    assert GENERATED_NAME.match(cleaned.name) and cleaned.name.endswith(".pdf")
    assert raw(cleaned) == data


def test_binary_stream_data_that_happens_to_contain_slash_js_is_not_a_false_alarm():
    noise = bytes(range(256)) * 4 + b"/JS /XFA (/JS) /JS" + bytes(range(256))
    image = stream(b"/Type /XObject /Subtype /Image /Filter /FlateDecode", noise)
    clean_pdf(upload(pdf(CATALOG, PAGES, PAGE, CONTENT, image)))


def test_names_inside_strings_are_text_not_names():
    page = b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Title (see /JS and /XFA (nested\\) /JS)) >>"
    clean_pdf(upload(pdf(CATALOG, PAGES, page, CONTENT)))


@pytest.mark.parametrize(
    "active",
    [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /AA << /O << /JS 9 0 R >> >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 9 0 R >> >>",
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /XFA 9 0 R >> >>",
    ],
    ids=["javascript", "escaped-names", "js-only", "launch", "embedded-files", "xfa"],
)
def test_pdfs_with_scripts_launch_actions_or_attachments_are_refused(active):
    with pytest.raises(ValidationError) as error:
        clean_pdf(upload(pdf(active, PAGES, PAGE, CONTENT)))
    assert error.value.code == "pdf_active_content"
    assert "JavaScript" in error.value.messages[0]


def test_an_embedded_file_stream_is_refused():
    attachment = stream(b"/Type /EmbeddedFile", b"MZ\x90\x00")
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT, attachment)) == "pdf_active_content"


def object_stream(
    objects: bytes, dictionary: bytes = b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode"
) -> bytes:
    return stream(dictionary, zlib.compress(b"5 0 " + objects))


def test_javascript_hidden_in_a_compressed_object_stream_is_found():
    hidden = object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in hidden  # invisible to a plain byte search
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT, hidden)) == "pdf_active_content"


def test_a_harmless_object_stream_is_accepted():
    clean_pdf(upload(pdf(CATALOG, PAGES, PAGE, CONTENT, object_stream(b"<< /Type /Font /Subtype /Type1 >>"))))


def test_an_object_stream_without_its_type_is_still_opened():
    hidden = object_stream(b"<< /S /JavaScript /JS (1) >>", dictionary=b"/N 1 /First 4 /Filter /FlateDecode")
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT, hidden)) == "pdf_active_content"


def test_an_object_stream_in_an_unusual_encoding_cannot_be_checked_and_is_refused():
    encoded = stream(b"/Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode", b"2F4A53")
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT, encoded)) == "pdf_uncheckable"


def test_an_object_stream_that_inflates_beyond_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_INFLATED_BYTES", 1000)
    big = object_stream(b"<< /Padding (" + b"x" * 5000 + b") >>")
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT, big)) == "pdf_uncheckable"


def test_objects_hidden_after_a_short_declared_length_are_refused():
    # A reader trusting /Length 4 parses what follows as objects; this screen refuses instead.
    tricky = b"<< /Length 4 >>\nstream\nabcd\nendobj 7 0 obj << /Foo /Bar >> endobj\nendstream"
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, tricky)) == "damaged_pdf"


def test_an_escaped_length_is_still_read_as_the_length():
    tricky = b"<< /L#65ngth 4 >>\nstream\nabcd\nendobj 7 0 obj << /XFA 1 >> endobj\nendstream"
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, tricky)) == "damaged_pdf"


@pytest.mark.parametrize(
    "hiding_place",
    [
        b"<< /Title (>>stream\n) /AcroForm << /XFA 9 0 R >> >>",  # a "stream" inside a string
        b"<< /A 1 % >>stream\n/XFA 9 0 R >>",  # a "stream" inside a comment
        b"<< /A <(> /XFA 9 0 R /B (x) >>",  # a "(" inside a hex string
    ],
    ids=["string", "comment", "hex-string"],
)
def test_a_stream_keyword_or_parenthesis_that_is_not_syntax_cannot_hide_the_objects_after_it(hiding_place):
    later_stream = stream(b"", b"BT ET")
    assert (
        refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, hiding_place, later_stream)) == "pdf_active_content"
    )


def test_strings_nested_too_deeply_to_follow_cannot_be_checked_and_are_refused():
    deep = b"<< /Title (a (b (c (d (e) d) c) b) a) >>"
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT, deep)) == "pdf_uncheckable"
    clean_pdf(upload(pdf(CATALOG, PAGES, PAGE, CONTENT, b"<< /Title (a (b (c) b) \\( a) >>")))


def test_an_encrypted_pdf_is_refused():
    trailer = b"<< /Root 1 0 R /Size 9 /Encrypt 8 0 R >>"
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT, trailer=trailer)) == "pdf_encrypted"


@pytest.mark.parametrize(
    "data",
    [b"<html>%PDF-1.7</html>", b"\xef\xbb\xbf%PDF-1.7\n%%EOF", image_bytes(Image.new("RGB", (4, 4)), "PNG")],
    ids=["html", "bom-before-header", "png"],
)
def test_files_that_do_not_start_like_a_pdf_are_refused(data):
    assert refusal_code(clean_pdf, data) == "not_a_pdf"


def test_a_pdf_without_an_end_marker_near_its_end_is_refused():
    data = pdf(CATALOG, PAGES, PAGE, CONTENT)
    assert refusal_code(clean_pdf, data[:-7]) == "damaged_pdf"
    assert refusal_code(clean_pdf, data + b"\n" + b"x" * 3000) == "damaged_pdf"


def test_an_empty_pdf_is_refused():
    assert refusal_code(clean_pdf, b"") == "empty"


def test_a_pdf_over_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_PDF_BYTES", 100)
    assert refusal_code(clean_pdf, pdf(CATALOG, PAGES, PAGE, CONTENT)) == "pdf_too_large"


# --- serving --------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media, name: str, data: bytes) -> FieldFile:
    path = media / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return FieldFile(None, FileField(), name)


def body(response) -> bytes:
    # Closes the file but not the response: response.close() fires request_finished, which
    # would touch the database these tests do not use.
    try:
        return b"".join(response.streaming_content)
    finally:
        response.file_to_stream.close()


def test_a_stored_image_is_served_inline_with_protective_headers(media):
    data = image_bytes(two_colour(), "PNG")
    response = serve_protected(RequestFactory().get("/"), stored(media, "products/photos/abc.png", data))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Content-Disposition"] == 'inline; filename="abc.png"'
    assert body(response) == data


def test_a_download_gets_an_attachment_with_a_safe_name_and_the_stored_extension(media):
    field_file = stored(media, "companies/brochures/abc.pdf", b"%PDF-1.7\n%%EOF\n")
    response = serve_protected(
        RequestFactory().get("/"), field_file, download_name='..\\..\\evil"\r\nX: 1.html', inline=False
    )
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith('.pdf"')
    assert "\r" not in disposition and "\n" not in disposition and ".." not in disposition
    assert "evil" in disposition
    body(response)


def test_korean_download_names_are_kept(media):
    field_file = stored(media, "companies/brochures/abc.pdf", b"%PDF-1.7\n%%EOF\n")
    response = serve_protected(RequestFactory().get("/"), field_file, download_name="한국방산 소개서.pdf")
    assert response["Content-Disposition"].startswith("inline; filename*=utf-8''")
    assert "%ED%95%9C" in response["Content-Disposition"]  # 한
    body(response)


def test_a_file_of_an_unexpected_type_is_never_displayed(media):
    field_file = stored(media, "legacy/page.html", b"<script>alert(1)</script>")
    response = serve_protected(RequestFactory().get("/"), field_file)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    body(response)


def test_a_missing_or_empty_file_is_a_404(media):
    with pytest.raises(Http404):
        serve_protected(RequestFactory().get("/"), FieldFile(None, FileField(), "products/photos/gone.jpg"))
    with pytest.raises(Http404):
        serve_protected(RequestFactory().get("/"), FieldFile(None, FileField(), ""))
