"""A picture of every row in the database, to prove that a refused request wrote nothing."""

from __future__ import annotations

from django.apps import apps

# Sessions change when a test logs a browser in, before the request under test.
IGNORED = {"sessions.session"}


def db_snapshot() -> dict[str, list[tuple]]:
    picture: dict[str, list[tuple]] = {}
    # include_auto_created: the many-to-many tables too (user groups and permissions, ...)
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in IGNORED:
            continue
        fields = [field.attname for field in model._meta.concrete_fields]
        picture[label] = list(model._base_manager.order_by("pk").values_list(*fields))
    return picture


def assert_nothing_written(before: dict[str, list[tuple]]) -> None:
    after = db_snapshot()
    changed = sorted(label for label in before if before[label] != after[label])
    assert not changed, f"tables written by a request that should write nothing: {changed}"
