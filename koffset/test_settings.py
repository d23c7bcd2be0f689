"""Settings for the test suite: the real settings with test-only defaults.

DATABASE_URL from the environment still decides SQLite or PostgreSQL, so
`make test` runs the same suite on both.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("TASK_QUEUE", "immediate")  # tasks run inline: no worker in tests

from koffset.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The API rate limits stay far above what any test sends; the throttling tests lower them.
API_RATE_LIMIT_PER_KEY = API_RATE_LIMIT_PER_IP = "100000/min"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
