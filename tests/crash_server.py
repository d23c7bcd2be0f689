"""The WSGI application of the crash tests' server (tests/test_crash_safety.py), never production's.

K-OFFSET's application, in which each function named in KOFFSET_CRASH_POINT ("module:function",
comma-separated) stops the first request that reaches it: that request's worker writes its process
id to KOFFSET_CRASH_DIR/<module>.<function>.pid and sleeps until the test kills it. Later calls
(the same request repeated after the crash) run the real function. The points are the ones the
subprocess crash tests use, so no hook lives in the application's own code.
"""

import importlib
import os
import time
from pathlib import Path

from koffset.wsgi import application  # sets Django up before the modules below are imported

__all__ = ["application"]


def _stop_here(point: str, original):
    marker = Path(os.environ["KOFFSET_CRASH_DIR"]) / f"{point.replace(':', '.')}.pid"

    def stand_in(*args, **kwargs):
        if marker.exists():  # crashed here once already
            return original(*args, **kwargs)
        written = marker.with_suffix(".tmp")
        written.write_text(str(os.getpid()))
        written.replace(marker)  # whole, so the test never reads half a number
        while True:
            time.sleep(1)  # inside the request's transaction; the test sends SIGKILL now

    return stand_in


for _point in filter(None, os.environ.get("KOFFSET_CRASH_POINT", "").split(",")):
    _module_name, _function = _point.split(":")
    _module = importlib.import_module(_module_name)
    setattr(_module, _function, _stop_here(_point, getattr(_module, _function)))
