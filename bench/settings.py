"""Settings for `make bench`: the project's own settings, plus the bare view.

Everything else (middleware, cache, database, logging) comes from the same
environment variables as a deployment, so the bare view is served exactly the way
the pages are.
"""

from bts_catalog.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
