"""WSGI entry point for gunicorn: `gunicorn --preload koffset.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koffset.settings")
application = get_wsgi_application()

if os.environ.get("SEARCH_PRELOAD", "true").lower() not in {"0", "false", "no", "off"}:
    # The search models take a few seconds and about 0.5 GB to load: do it before serving.
    from django.db import connections

    from search.service import warm_up

    warm_up()
    # warm_up read the index: gunicorn's forked workers must not share that database connection.
    connections.close_all()
