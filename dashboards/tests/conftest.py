"""Helpers for the dashboard tests: a signed-in client per persona and the XML check for charts."""

from xml.etree import ElementTree

import pytest

SVG = "{http://www.w3.org/2000/svg}"


def parse_svg(markup: str) -> ElementTree.Element:
    """The chart as an element tree; fails the test when the SVG is not well-formed XML."""
    root = ElementTree.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    return root


def svgs_in(html: str) -> list[str]:
    """Every chart's <svg>…</svg> in a page (charts are never nested; icons are left out)."""
    parts, rest = [], html
    marker = '<svg xmlns="http://www.w3.org/2000/svg" viewBox'
    while marker in rest:
        start = rest.index(marker)
        end = rest.index("</svg>", start) + len("</svg>")
        parts.append(rest[start:end])
        rest = rest[end:]
    return parts


@pytest.fixture
def kdia(world):
    return world.users.kdia


@pytest.fixture
def no_filters():
    from dashboards.forms import Filters

    return Filters()


@pytest.fixture(autouse=True)
def _english():
    """Labels are compared in English; the pages' Korean is covered by the translation tests."""
    from django.utils import translation

    with translation.override("en"):
        yield
