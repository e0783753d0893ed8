"""What each course role may do (SPEC §2). The instructor API checks these and nothing else."""

from __future__ import annotations

import enum

from certdesk.courses.choices import Role


class Perm(enum.StrEnum):
    COURSE_INFO = "course_info"
    ISSUED_READ = "issued_read"
    HISTORY_READ = "history_read"
    CONFIG_READ = "config_read"
    TASKS_READ = "tasks_read"
    TOGGLE_READ = "toggle_read"
    EXCEPTIONS_READ = "exceptions_read"
    INVALIDATIONS_READ = "invalidations_read"
    AUDIT_READ = "audit_read"
    CERTIFICATES_WRITE = "certificates_write"


_RESEARCHER = {
    Perm.COURSE_INFO,
    Perm.ISSUED_READ,
    Perm.HISTORY_READ,
    Perm.CONFIG_READ,
    Perm.TASKS_READ,
}
_STAFF = _RESEARCHER | {
    Perm.TOGGLE_READ,
    Perm.EXCEPTIONS_READ,
    Perm.INVALIDATIONS_READ,
    Perm.AUDIT_READ,
}
_INSTRUCTOR = _STAFF | {Perm.CERTIFICATES_WRITE}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.DATA_RESEARCHER: frozenset(_RESEARCHER),
    Role.STAFF: frozenset(_STAFF),
    Role.INSTRUCTOR: frozenset(_INSTRUCTOR),
}
ALL_PERMISSIONS: frozenset[Perm] = frozenset(Perm)


def permissions_for(*, roles: set[str], is_global_staff: bool) -> frozenset[Perm]:
    if is_global_staff:
        return ALL_PERMISSIONS
    granted: set[Perm] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)
