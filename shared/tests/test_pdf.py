"""PDFs: any name prints, and nothing a client typed reaches a log or becomes markup."""

from __future__ import annotations

import io
import logging

import pytest
from pypdf import PdfReader

from shared.pdf import DEJAVU, PortalPdf


def rendered_text(pdf: PortalPdf) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.to_bytes())).pages)


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs Debian's fonts-dejavu-core")
def test_names_in_other_scripts_print_and_what_the_font_lacks_is_never_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pdf = PortalPdf(font="", title="Invoice")
    pdf.add_page()
    with caplog.at_level(logging.DEBUG):
        pdf.para("Nguyễn Thị Ánh, Zoë Ødegård")
        pdf.para("秘密の名前 𓀀")  # glyphs DejaVu Sans does not have
    assert "Nguyễn Thị Ánh, Zoë Ødegård" in rendered_text(pdf)
    assert not [r for r in caplog.records if "秘密" in r.getMessage() or "𓀀" in r.getMessage()]


def test_without_a_truetype_font_accents_are_dropped_rather_than_failing() -> None:
    pdf = PortalPdf(font="/nowhere/font.ttf", title="Invoice")  # configured, not installed
    pdf.add_page()
    assert pdf.unicode is False
    assert pdf.printable("Nguyễn Zoë 名") == "Nguyen Zoe ?"
    pdf.para("Nguyễn Zoë")
    assert "Nguyen Zoe" in rendered_text(pdf)


def test_markup_a_client_typed_prints_as_typed() -> None:
    pdf = PortalPdf(font="", title="Form")
    pdf.add_page()
    pdf.para("**bold** <b>tag</b> --strike--")
    assert "**bold** <b>tag</b> --strike--" in rendered_text(pdf)
