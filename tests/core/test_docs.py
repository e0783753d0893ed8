"""Docs that cannot drift: every error code the code base can answer with is listed in
docs/api.md, and every setting the code reads from the environment is in .env.example."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "certdesk").rglob("*.py"))
CODE_PATTERNS = [
    re.compile(r'^\s+code = "([a-z_]+)"', re.M),  # CertdeskError subclasses
    re.compile(r'\bcode="([a-z_]+)"'),  # CertdeskError(..., code="...")
    re.compile(r'ItemRejected\(\s*"([a-z_]+)"'),  # ingestion item errors
]
# Module constants that hold codes (per-learner codes and the CSV file-level codes).
CONSTANT_FILES = ["certificates/errors.py", "certificates/services/csv_parse.py",
                  "certificates/services/csv_import.py"]  # fmt: skip
CONSTANT = re.compile(r'^[A-Z_]+ = "([a-z_]+)"$', re.M)
NOT_CODES = {"csv"}  # AUDIT_SOURCE


def _codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCES:
        text = path.read_text()
        for pattern in CODE_PATTERNS:
            codes.update(pattern.findall(text))
    for name in CONSTANT_FILES:
        codes.update(CONSTANT.findall((ROOT / "certdesk" / name).read_text()))
    return codes - NOT_CODES


def test_every_error_code_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", (ROOT / "docs/api.md").read_text(), re.M))
    codes = _codes()
    assert len(codes) > 40
    missing = sorted(codes - documented)
    assert not missing, f"codes missing from docs/api.md: {missing}"


def test_every_environment_setting_is_in_env_example():
    read = set()
    for path in [*SOURCES, *sorted((ROOT / "config").rglob("*.py"))]:
        read.update(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', path.read_text()))
        read.update(re.findall(r'env_(?:bool|list)\(\s*"([A-Z_]+)"', path.read_text()))
    read -= {"DJANGO_SETTINGS_MODULE"}
    example = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    missing = sorted(read - example)
    assert not missing, f"settings missing from .env.example: {missing}"
