"""The rules engine stays plain Python: importing it must not import Django."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import offsets.rules

REPO = Path(__file__).resolve().parents[2]
RULE_MODULES = sorted(f"offsets.rules.{m.name}" for m in pkgutil.iter_modules(offsets.rules.__path__))

SCRIPT = """
import importlib, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
assert not loaded, loaded
"""


def test_every_rules_module_imports_without_django():
    assert "offsets.rules.money" in RULE_MODULES
    assert "offsets.rules.banking" in RULE_MODULES
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "offsets.rules", *RULE_MODULES],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "", "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr


def test_the_public_api_is_exported():
    missing = [name for name in offsets.rules.__all__ if not hasattr(offsets.rules, name)]
    assert missing == []
