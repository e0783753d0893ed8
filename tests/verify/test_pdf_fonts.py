"""Names in every script print on the certificate PDF (certdesk/verify/fonts.py): the text
parsed back from the PDF is the learner's and the course's own, and the fonts that draw
it are embedded. The default fonts are Debian's, which `make test` installs; a run
without them fails here instead of skipping."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from certdesk.verify.fonts import FALLBACK, Run, font_runs, fonts_forget
from tests.verify.conftest import ISSUED_TEXT

NAMES = {
    "polish": "Łukasz Żółć-Wąsowski",
    "serbian": "Đorđe Ђорђевић",  # both alphabets
    "greek": "Ελένη Παπαδοπούλου",
    "turkish": "Şükrü Yılmaz",
    "chinese": "李小龍",
    "japanese": "山田 花子",
    "korean": "김민준",
}


@pytest.fixture(autouse=True)
def fresh_fonts():
    fonts_forget()
    yield
    fonts_forget()


def pdf_of(client, certificate):
    response = client.get(f"/certificates/{certificate.verify_uuid}.pdf")
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def embedded_fonts(reader: PdfReader) -> set[str]:
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = set()
    for font in fonts.values():
        font = font.get_object()
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("name", NAMES.values(), ids=NAMES.keys())
def test_a_name_in_any_script_prints_as_itself(client, certificate, name):
    certificate.name = name
    certificate.save(update_fields=["name"])
    text = pdf_of(client, certificate).pages[0].extract_text()
    assert name in text
    assert "■" not in text  # what a missing glyph extracts as


@pytest.mark.django_db
def test_the_course_name_and_the_fixed_texts_use_the_same_fonts(client, certificate):
    certificate.course.display_name = "Ökonomie – Введение в экономику"
    certificate.course.save(update_fields=["display_name"])
    certificate.name = "李小龍"
    certificate.save(update_fields=["name"])
    reader = pdf_of(client, certificate)
    text = reader.pages[0].extract_text()
    for expected in ("Ökonomie – Введение в экономику", "李小龍", "This certifies that"):
        assert expected in text, expected
    assert ISSUED_TEXT in text
    fonts = embedded_fonts(reader)
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts
    assert any("WenQuanYi" in font or "ZenHei" in font for font in fonts), fonts


def test_each_character_goes_to_the_first_font_that_has_it():
    runs = font_runs("Ada 李小龍 Ng")
    assert [run.text for run in runs] == ["Ada ", "李小龍 ", "Ng"]
    latin, chinese, latin_again = (run.font for run in runs)
    assert latin == latin_again != chinese
    assert FALLBACK[False] not in {latin, chinese}
    assert font_runs("Ada", bold=True)[0].font != latin  # the bold file of the entry


def test_a_space_the_run_before_lacks_goes_to_a_font_that_has_it():
    """U+3000 (ideographic space) is not in DejaVu Sans: it is drawn in the CJK font."""
    runs = font_runs("Ada\u3000李")
    assert [run.text for run in runs] == ["Ada", "\u3000李"]


@pytest.mark.django_db
def test_without_the_font_files_helvetica_draws_what_it_can(client, certificate, settings):
    settings.CERTDESK_PDF_FONTS = ["/nonexistent/Regular.ttf:/nonexistent/Bold.ttf"]
    fonts_forget()
    assert font_runs("Ada Ł") == [Run("Helvetica", "Ada Ł")]
    assert font_runs("Ada", bold=True) == [Run("Helvetica-Bold", "Ada")]
    reader = pdf_of(client, certificate)
    assert "Ada Lovelace-Byron" in reader.pages[0].extract_text()
    assert embedded_fonts(reader) == set()


@pytest.mark.django_db
def test_a_file_that_is_not_a_font_is_passed_over(client, certificate, settings, tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    settings.CERTDESK_PDF_FONTS = [str(broken), *settings.CERTDESK_PDF_FONTS]
    fonts_forget()
    certificate.name = "Łukasz"
    certificate.save(update_fields=["name"])
    assert "Łukasz" in pdf_of(client, certificate).pages[0].extract_text()
