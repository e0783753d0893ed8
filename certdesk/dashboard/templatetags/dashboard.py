"""Template filters of the dashboard."""

from __future__ import annotations

import json

from django import template

from certdesk.certificates.choices import status_label as label_of

register = template.Library()


@register.filter
def status_label(status: str | None) -> str:
    """The SPEC §3 label of a certificate status (a raw value where there is none)."""
    return label_of(status) or ""


@register.filter
def compact_json(value: object) -> str:
    """A before/after value of the audit log on one line; empty for none."""
    if value is None:
        return ""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
