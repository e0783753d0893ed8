"""The fonts a certificate PDF is drawn in, and which one draws each character.

Learner and course names come in every script. reportlab's built-in Helvetica knows only
Windows-1252, so "Łukasz", "Ђорђе" or "李小龍" would print as black boxes. The PDF uses
the TrueType fonts of `CERTDESK_PDF_FONTS` instead: each character is drawn in the first
font of the list that has it (embedded as a subset), and in Helvetica when none does or
no file of the list exists."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

logger = logging.getLogger(__name__)

FALLBACK = {False: "Helvetica", True: "Helvetica-Bold"}


class Run(NamedTuple):
    """A stretch of text drawn in one font."""

    font: str
    text: str


class _Face(NamedTuple):
    name: str
    glyphs: frozenset[int]


def _register(name: str, path: str) -> _Face | None:
    file = Path(path)
    if not file.is_file():
        return None
    try:
        font = TTFont(name, str(file), subfontIndex=0)
    except (TTFError, OSError) as error:  # a file that is not a usable TrueType font
        logger.warning("certificate PDF font %s is not usable: %s", path, error)
        return None
    pdfmetrics.registerFont(font)
    return _Face(name, frozenset(font.face.charToGlyph))


@cache
def _faces(bold: bool) -> tuple[_Face, ...]:
    """The usable fonts of the setting, in order, registered with reportlab once."""
    faces = []
    for index, entry in enumerate(settings.CERTDESK_PDF_FONTS):
        regular, _, heavy = entry.partition(":")
        path = (heavy or regular) if bold else regular
        face = _register(f"certdesk-{index}-{'bold' if bold else 'regular'}", path)
        if face is not None:
            faces.append(face)
    if not faces:
        logger.warning("no certificate PDF font found; names outside Latin-1 print badly")
    return tuple(faces)


def font_runs(text: str, *, bold: bool = False) -> list[Run]:
    """`text` cut into runs, each in the first configured font that has its characters.
    A space stays in the run before it when that font has it, so it does not start a
    run of its own."""
    faces = _faces(bold)
    glyphs = {face.name: face.glyphs for face in faces}
    runs: list[Run] = []
    for character in text:
        code = ord(character)
        font = next((f.name for f in faces if code in f.glyphs), FALLBACK[bold])
        if runs and character.isspace() and code in glyphs.get(runs[-1].font, ()):
            font = runs[-1].font
        if runs and runs[-1].font == font:
            runs[-1] = Run(font, runs[-1].text + character)
        else:
            runs.append(Run(font, character))
    return runs


def fonts_forget() -> None:
    """Read the setting again (tests change it)."""
    _faces.cache_clear()
