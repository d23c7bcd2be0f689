"""Serve K-OFFSET with gunicorn and put it under the load of loadtest/locustfile.py.

    .venv/bin/python loadtest/run.py --demo                      # a fresh demo on SQLite, 60 s at 50 users
    DATABASE_URL=postgres://... MEDIA_ROOT=... .venv/bin/python loadtest/run.py   # an existing database

The server runs as production does (DEBUG off, WhiteNoise, the real middleware), on plain HTTP on
127.0.0.1. It prints throughput, p50/p95/p99 per request and overall, and the failures, and exits
non-zero when any request failed. Figures and the commands that produced them: docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Run as a script, Python puts loadtest/ on the path, not the project.
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from core.testing_server import ServerError, start_gunicorn, stop, wait_until_ready  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Row:
    """One line of locust's statistics: a request name, or "Aggregated" for the whole run."""

    name: str
    method: str
    requests: int
    failures: int
    p50: float
    p95: float
    p99: float
    per_second: float


def server_env(database_url: str, media: Path) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-only-not-secret"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "TASK_QUEUE": os.environ.get("TASK_QUEUE", "immediate"),
        # Every request from one address: the API's per-address limit would turn the load away.
        "API_RATE_LIMIT_PER_IP": "100000/min",
        "API_RATE_LIMIT_PER_KEY": "100000/min",
        "PYTHONPATH": str(PROJECT_DIR),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=env, check=True)


def build_demo(folder: Path) -> str:
    """A fresh demo database on SQLite under `folder`; returns its DATABASE_URL."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "media").mkdir(parents=True)
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    env = server_env(url, folder / "media")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_demo")
    return url


def start_server(
    env: dict[str, str], port: int, *, workers: int, threads: int, log: Path, collect_static: bool = True
) -> subprocess.Popen:
    if collect_static:
        manage(env, "collectstatic", "--no-input", "-v", "0")
    process, base_url = start_gunicorn(
        env,
        log,
        workers=workers,
        threads=threads,
        timeout=120,
        port=port,
        options=[
            # The search models load once and are shared by the workers (docs/deploy.md).
            "--preload",
            # Longer than a client's pause between requests: a kept-alive connection the
            # server has just closed would otherwise fail the client's next request.
            "--keep-alive=75",
        ],
    )
    try:
        wait_until_ready(base_url, process, log)
    except ServerError as error:
        stop(process)
        raise SystemExit(str(error)) from None
    return process


def run_locust(host: str, *, users: int, spawn_rate: float, duration: str, prefix: Path) -> int:
    """Run the load headless; statistics land in `<prefix>_stats.csv`. Returns locust's exit code."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            str(BIN / "locust"),
            f"--locustfile={LOCUSTFILE}",
            "--headless",
            f"--users={users}",
            f"--spawn-rate={spawn_rate}",
            f"--run-time={duration}",
            f"--host={host}",
            f"--csv={prefix}",
            "--only-summary",
            "--loglevel=WARNING",
        ],
        cwd=PROJECT_DIR,
        check=False,
    )
    return result.returncode


def read_stats(prefix: Path) -> list[Row]:
    with Path(f"{prefix}_stats.csv").open(newline="") as handle:
        return [
            Row(
                name=line["Name"],
                method=line["Type"],
                requests=int(line["Request Count"]),
                failures=int(line["Failure Count"]),
                p50=float(line["50%"] or 0),
                p95=float(line["95%"] or 0),
                p99=float(line["99%"] or 0),
                per_second=float(line["Requests/s"] or 0),
            )
            for line in csv.DictReader(handle)
        ]


def report(rows: list[Row]) -> str:
    lines = [
        "| request | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        label = "**all requests**" if row.name == "Aggregated" else f"{row.method} {row.name}"
        lines.append(
            f"| {label} | {row.requests} | {row.failures} | {row.p50:.0f} | {row.p95:.0f} | {row.p99:.0f} "
            f"| {row.per_second:.1f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--demo", action="store_true", help="Build a fresh demo on SQLite under --out first.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", default="60s", help="locust's run time, e.g. 60s or 5m")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "var" / "loadtest")
    options = parser.parse_args()

    options.out.mkdir(parents=True, exist_ok=True)
    if options.demo:
        database_url = build_demo(options.out / "demo")
        media = options.out / "demo" / "media"
    else:
        database_url = os.environ.get("DATABASE_URL") or sys.exit("Set DATABASE_URL, or pass --demo.")
        media = Path(os.environ.get("MEDIA_ROOT") or sys.exit("Set MEDIA_ROOT to the database's files."))
    env = server_env(database_url, media)
    server = start_server(
        env, options.port, workers=options.workers, threads=options.threads, log=options.out / "server.log"
    )
    try:
        prefix = options.out / "locust"
        code = run_locust(
            f"http://127.0.0.1:{options.port}",
            users=options.users,
            spawn_rate=options.spawn_rate,
            duration=options.duration,
            prefix=prefix,
        )
    finally:
        stop(server)
    print(report(read_stats(prefix)))
    print(f"server log: {options.out / 'server.log'}")
    return code


if __name__ == "__main__":
    sys.exit(main())
