"""Settings for the benchmark (`make bench`): development settings without debug, on the
databases and Redis the benchmark points them at, with a bare view as the baseline."""

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# /bench/kaal/: a view that does nothing, served by the same workers as the pages measured.
BENCH_BARE_VIEW = True
# Sessions made by the benchmark must be valid for the workers it starts: in the database,
# read through the cache as production reads them (bos.settings.production).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The planner setting of the stack we ship (the `db` service of docker-compose.yml): the
# benchmark measures the pages as deployed on SSD storage, not with PostgreSQL's default.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c random_page_cost=1.1"  # noqa: F405
# Connections kept between requests, as production keeps them (bos.settings.production).
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
