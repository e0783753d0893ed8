"""Course keys: parsed and written by edx-opaque-keys, never by hand."""

from __future__ import annotations

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from certdesk.core.errors import CourseNotFound

# Open edX's COURSE_ID_PATTERN: the new form `course-v1:Org+Number+Run` or the old
# `Org/Number/Run` with literal slashes. The second alternative lets any other single
# segment reach the view, which answers 404 `course_not_found` instead of an unrouted 404.
COURSE_KEY_PATTERN = r"(?P<course_key>[^/+]+(?:/|\+)[^/+]+(?:/|\+)[^/?]+|[^/]+)"


def parse_course_key(raw: str) -> CourseKey:
    """The parsed key, or `CourseNotFound` for text that is not a course key."""
    try:
        return CourseKey.from_string(raw)
    except InvalidKeyError as exc:
        raise CourseNotFound(f"Course not found: {raw!r} is not a course key.") from exc


def canonical_course_key(raw: str) -> str:
    return str(parse_course_key(raw))
