"""QR codes of a certificate's verification link: one encoding, two drawings (the inline
SVG of the page and the squares of the PDF come from the same matrix)."""

from __future__ import annotations

import qrcode
import qrcode.constants
import qrcode.image.svg

QUIET_ZONE = 2  # modules of white around the code; scanners need some


def _qr(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=QUIET_ZONE,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> str:
    """An `<svg>` element (no XML declaration) to inline in HTML; sized by CSS."""
    image = _qr(data).make_image()
    return image.to_string(encoding="unicode")


def qr_matrix(data: str) -> list[list[bool]]:
    """The modules, quiet zone included, row by row from the top; True is dark."""
    return _qr(data).get_matrix()
