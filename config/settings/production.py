"""Production: DEBUG off, SECRET_KEY required, secure cookies by default."""

import os

os.environ.setdefault("SESSION_COOKIE_SECURE", "true")
os.environ.setdefault("CSRF_COOKIE_SECURE", "true")

from config.settings.base import *  # noqa: E402,F403

# Static files (dashboard assets, API docs) served by the application itself.
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")  # noqa: F405
MIDDLEWARE.insert(_security + 1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}  # noqa: F405
