"""Settings for the demo servers the browser journeys drive: production-like (DEBUG off, WhiteNoise
serving collected static files), with every writable path under the run's own temporary folder."""

import os
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "browser-tests-only-not-secret")
# Plain HTTP on 127.0.0.1: no TLS redirect, cookies without the Secure flag.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("TASK_QUEUE", "immediate")

from koffset.settings import *  # noqa: F403

RUN_DIR = Path(os.environ["BROWSER_RUN_DIR"])
STATIC_ROOT = RUN_DIR / "static"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo loads faster
# Hashed names as in production, without pre-compressing every file (collectstatic is much faster).
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"  # noqa: F405
