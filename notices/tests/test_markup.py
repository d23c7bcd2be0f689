"""The text markup escapes everything and turns only its own small syntax into HTML."""

from notices.markup import inline, plain, render


def test_raw_html_is_shown_as_typed_never_run():
    html = render('<script>alert(1)</script> <img src=x onerror="alert(1)"> <b>bold</b>')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x" in html


def test_paragraphs_line_breaks_headings_and_lists():
    html = render("## Heading\nFirst line\nsecond line\n\n- one\n- two\n  more\n\n1. a\n2. b\n\n### Small")
    assert html.splitlines() == [
        "<h2>Heading</h2>",
        "<p>First line<br>second line</p>",
        "<ul><li>one</li><li>two<br>more</li></ul>",
        "<ol><li>a</li><li>b</li></ol>",
        "<h3>Small</h3>",
    ]


def test_emphasis_and_safe_links():
    assert inline("**bold** and *italic*") == "<strong>bold</strong> and <em>italic</em>"
    assert inline("[KDIA](https://example.org/a?b=1&c=2)") == (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">KDIA</a>'
    )
    assert inline("[rules](/about/rules/)") == '<a href="/about/rules/">rules</a>'
    assert inline("[call](tel:+82232706083)") == '<a href="tel:+82232706083">call</a>'


def test_dangerous_link_targets_stay_text():
    for url in (
        "javascript:alert(1)",
        "data:text/html;base64,xx",
        "//evil.example/x",
        'https://x"onmouseover="a',
    ):
        html = inline(f"[click]({url})")
        assert "<a" not in html


def test_plain_strips_markup_and_shortens():
    assert plain("## Title\n- **one** [two](/x)") == "Title one two"
    assert plain("word " * 100, limit=20).endswith("\N{HORIZONTAL ELLIPSIS}")
    assert len(plain("word " * 100, limit=20)) == 20
