"""Settings for the test suite: the same as base, with fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "certdesk-test-secret-key-0123456789abcdef")

from config.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}

# A file (not :memory:) so a test can close the connection and point it elsewhere, and
# live-server threads see the same database.
if DATABASES["default"]["ENGINE"] == "certdesk.core.db.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-{os.getpid()}.sqlite3")}  # noqa: F405
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # One test database per run, so that two runs on one machine never drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_certdesk_{os.getpid()}"}  # noqa: F405
