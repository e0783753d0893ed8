"""Routes (see config/urls.py for where they are mounted)."""

urlpatterns: list = []
