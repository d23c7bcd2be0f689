"""Settings of the server in tests/test_crash_safety.py: the real ones, with an upload's import run
inside its request, so that killing the worker kills the import inside the request's transaction."""

from koffset.settings import *  # noqa: F403

KOFFSET_IMPORTS_SYNC = True
