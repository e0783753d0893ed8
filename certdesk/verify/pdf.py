"""The certificate as a one-page landscape PDF, drawn with reportlab."""

from __future__ import annotations

import io

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from certdesk.verify.fonts import Run, font_runs
from certdesk.verify.qr import qr_matrix
from certdesk.verify.selectors import PublicCertificate

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 36
INK = HexColor("#1f2328")
ACCENT = HexColor("#0a3055")
MUTED = HexColor("#57606a")
QR_SIZE = 110
REGULAR, BOLD = False, True


def _width(runs: list[Run], size: float) -> float:
    return sum(stringWidth(run.text, run.font, size) for run in runs)


def _draw(canvas: Canvas, x: float, y: float, runs: list[Run], size: float) -> None:
    """The runs one after another from (x, y), each in its own font."""
    for run in runs:
        canvas.setFont(run.font, size)
        canvas.drawString(x, y, run.text)
        x += stringWidth(run.text, run.font, size)


def _centred(canvas: Canvas, text: str, y: float, bold: bool, size: float) -> None:
    """One line centred on the page, shrunk until it fits between the margins."""
    runs = font_runs(text, bold=bold)
    room = PAGE_WIDTH - 4 * MARGIN
    while size > 8 and _width(runs, size) > room:
        size -= 1
    _draw(canvas, (PAGE_WIDTH - _width(runs, size)) / 2, y, runs, size)


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code of `data` as dark squares, lower-left corner at (x, y)."""
    matrix = qr_matrix(data)
    module = size / len(matrix)
    canvas.setFillColor(INK)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        for column_index, dark in enumerate(row):
            if dark:
                canvas.rect(x + column_index * module, top, module, module, stroke=0, fill=1)


def _frame(canvas: Canvas) -> None:
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(4)
    canvas.rect(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN)
    canvas.setLineWidth(1)
    inset = MARGIN + 8
    canvas.rect(inset, inset, PAGE_WIDTH - 2 * inset, PAGE_HEIGHT - 2 * inset)


def certificate_pdf(certificate: PublicCertificate, *, page_url: str, issued_display: str) -> bytes:
    """The PDF of a valid certificate: the texts of the page and its QR code."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(f"Certificate: {certificate.course_name}")
    canvas.setAuthor(certificate.org)
    canvas.setSubject(page_url)
    _frame(canvas)
    canvas.setFillColor(ACCENT)
    _centred(canvas, "Certificate of Achievement", PAGE_HEIGHT - 120, BOLD, 30)
    canvas.setFillColor(MUTED)
    _centred(canvas, "This certifies that", PAGE_HEIGHT - 170, REGULAR, 14)
    canvas.setFillColor(INK)
    _centred(canvas, certificate.learner_name or "", PAGE_HEIGHT - 210, BOLD, 28)
    canvas.setFillColor(MUTED)
    _centred(canvas, "has successfully completed", PAGE_HEIGHT - 245, REGULAR, 14)
    canvas.setFillColor(INK)
    _centred(canvas, certificate.course_name, PAGE_HEIGHT - 282, BOLD, 22)
    canvas.setFillColor(MUTED)
    _centred(canvas, f"offered by {certificate.org}", PAGE_HEIGHT - 310, REGULAR, 14)
    details = f"{certificate.mode_label} certificate · Issued {issued_display}"
    _centred(canvas, details, PAGE_HEIGHT - 345, REGULAR, 12)
    qr_x, qr_y = PAGE_WIDTH - MARGIN - 24 - QR_SIZE, MARGIN + 24
    _qr(canvas, page_url, qr_x, qr_y, QR_SIZE)
    canvas.setFillColor(MUTED)
    _draw(canvas, MARGIN + 24, MARGIN + 44, font_runs("Verify this certificate at"), 9)
    _draw(canvas, MARGIN + 24, MARGIN + 32, font_runs(page_url), 9)
    canvas.linkURL(page_url, (qr_x, qr_y, qr_x + QR_SIZE, qr_y + QR_SIZE), relative=0)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
