"""Nothing fetched from the internet at run time: no template or static file of the
dashboard refers to another host (the browser tests also fail on any such request)."""

from __future__ import annotations

import re
from pathlib import Path

import certdesk.dashboard

ROOT = Path(certdesk.dashboard.__file__).parent
FILES = sorted(p for p in ROOT.rglob("*") if p.suffix in {".html", ".css", ".js"})
ELSEWHERE = re.compile(r"""(https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.I)


def test_templates_and_static_files_name_no_other_host():
    assert len(FILES) > 20
    found = {
        str(path.relative_to(ROOT)): ELSEWHERE.findall(path.read_text())
        for path in FILES
        if ELSEWHERE.search(path.read_text())
    }
    assert not found, f"references to other hosts: {found}"
