import io

import pytest
from django.core.management import CommandError, call_command

from dashboards import pages

pytestmark = pytest.mark.django_db


def test_bench_prints_a_row_per_query(world):
    out = io.StringIO()
    call_command("bench_dashboards", "--repeat", "2", "--year", "2024", "--field", "naval", stdout=out)
    text = out.getvalue()
    for page in (pages.kdia(), pages.dapa(), pages.public_page()):
        for slug in page.datasets:
            assert text.count(f" {slug} ") == 2  # unfiltered and filtered
    assert "kdia-work-queue" in text and "p95 ms" in text


def test_bench_needs_kdia_and_a_known_field(db):
    with pytest.raises(CommandError):
        call_command("bench_dashboards", "--repeat", "1", stdout=io.StringIO())
