"""The README shows every committed screenshot, and every screenshot a browser test
takes is committed (docs that cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"


def _taken_by_tests() -> set[str]:
    """The fixed names (not the f-strings of parametrized tests)."""
    names: set[str] = set()
    for path in (ROOT / "tests" / "browser").glob("test_*.py"):
        names.update(re.findall(r'shoot\(page, "([a-z0-9-]+)"\)', path.read_text()))
    return names


def test_the_readme_references_every_screenshot_and_only_those():
    committed = {path.name for path in SHOTS.glob("*.png")}
    referenced = set(
        re.findall(r"docs/screenshots/([a-z0-9-]+\.png)", (ROOT / "README.md").read_text())
    )
    assert committed, "no screenshots committed"
    assert referenced == committed


def test_every_fixed_name_a_browser_test_shoots_is_committed():
    committed = {path.stem for path in SHOTS.glob("*.png")}
    taken = _taken_by_tests()
    assert len(taken) > 15
    missing = sorted(taken - committed)
    assert not missing, f"screenshots taken by tests/browser but not in docs/screenshots: {missing}"
