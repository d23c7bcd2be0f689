"""The load test in its short form: the demo served by gunicorn as in production, guests searching
in both languages and Korean members signing in, editing their profile and submitting proposals
(loadtest/locustfile.py), with no failed request. The full run and its figures: docs/performance.md."""

import shutil

from browser_tests.conftest import _django_env
from core.testing_server import free_port, stop
from loadtest.run import read_stats, run_locust, start_server

USERS = 12
DURATION = "25s"
# Every kind of request the mix makes must have happened, or the run proves nothing about it.
EXPECTED = (
    "/companies/?q= (search)",
    "/products/?q= (search)",
    "/companies/[brn]/",
    "/accounts/login/ (sign in)",
    "/api/v1/companies/[brn] PATCH (profile edit)",
    "/api/v1/wishlists/proposals/[id]/submit POST",
)


def test_a_short_load_on_the_demo_has_no_failed_request(demo_template, tmp_path):
    template_database, template_media, static = demo_template
    (tmp_path / "static").symlink_to(static)
    database = tmp_path / "demo.sqlite3"
    shutil.copyfile(template_database, database)
    media = tmp_path / "media"
    shutil.copytree(template_media, media)
    env = _django_env(tmp_path, database, media) | {
        "SEARCH_PRELOAD": "true",
        "API_RATE_LIMIT_PER_IP": "100000/min",
        "API_RATE_LIMIT_PER_KEY": "100000/min",
    }
    port = free_port()
    server = start_server(env, port, workers=2, threads=4, log=tmp_path / "server.log", collect_static=False)
    try:
        code = run_locust(
            f"http://127.0.0.1:{port}",
            users=USERS,
            spawn_rate=USERS,
            duration=DURATION,
            prefix=tmp_path / "locust",
        )
    finally:
        stop(server)
    rows = {row.name: row for row in read_stats(tmp_path / "locust")}
    log = (tmp_path / "server.log").read_text()
    assert "Traceback" not in log, log[-3000:]
    assert rows["Aggregated"].failures == 0, rows
    assert code == 0
    for name in EXPECTED:
        assert any(row.name.startswith(name) and row.requests for row in rows.values()), f"no {name} request"
