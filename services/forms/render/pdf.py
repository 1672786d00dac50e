"""A submission as a PDF (fpdf2): the form's questions and the client's answers, or the
document's text, and a signature block with the signing record.

Everything a client typed is drawn as text, never read as markup: ``multi_cell`` with
markdown off, so "<b>" or "**" prints as typed. Without a Unicode font (FORMS_PDF_FONT or
DejaVu Sans) the built-in Latin-1 font prints other characters as "?".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

from services.forms.domain.answers import visible_fields
from services.forms.domain.model import Signing, Submission, Version
from services.forms.render.text import answer_text, local_time

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
MEASURE_MAX = {"phq9": 27, "gad7": 21}


@dataclass(frozen=True)
class PdfContext:
    practice_name: str
    time_zone: str
    client_name: str
    client_dob: str | None


class _Pdf(FPDF):
    def __init__(self, font_path: str) -> None:
        super().__init__(format="Letter")
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)
        self._face = "Helvetica"
        regular = Path(font_path) if font_path else DEJAVU
        if regular.is_file():
            bold = regular.with_name(regular.stem + "-Bold" + regular.suffix)
            self.add_font("Body", "", str(regular))
            self.add_font("Body", "B", str(bold if bold.is_file() else regular))
            self._face = "Body"
        self._unicode = self._face == "Body"

    def footer(self) -> None:
        self.set_y(-14)
        self.style(8)
        self.cell(0, 6, f"Page {self.page_no()}", align="C")

    def style(self, size: float, *, bold: bool = False) -> None:
        self.set_font(self._face, "B" if bold else "", size)

    def para(self, text: str, *, size: float = 10, bold: bool = False, gap: float = 1.5) -> None:
        self.style(size, bold=bold)
        self.multi_cell(
            0, size * 0.5, self._printable(text), markdown=False,
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
        self.ln(gap)

    def _printable(self, text: str) -> str:
        """``text`` with what the font cannot draw as "?": fpdf2 would otherwise log the
        missing characters, and a log line never holds what a client wrote."""
        if not self._unicode:
            return text.encode("latin-1", "replace").decode("latin-1")
        font = self.current_font
        cmap = font.cmap if isinstance(font, TTFFont) else {}
        return "".join(c if c == "\n" or ord(c) in cmap else "?" for c in text)


def render_submission(
    submission: Submission, version: Version, context: PdfContext, *, font_path: str = ""
) -> bytes:
    pdf = _Pdf(font_path)
    pdf.set_title(version.title)  # never answers in the metadata
    pdf.set_creator("Client Portal")
    pdf.add_page()
    _header(pdf, submission, version, context)
    if version.kind == "document":
        pdf.para(version.body or "", size=10, gap=4)
    else:
        _answers(pdf, submission, version)
    if submission.signing is not None:
        _signature_block(pdf, submission.signing, context)
    return bytes(pdf.output())


def _header(pdf: _Pdf, s: Submission, version: Version, context: PdfContext) -> None:
    pdf.para(context.practice_name, size=9, gap=0.5)
    pdf.para(version.title, size=16, bold=True, gap=2)
    client = context.client_name + (f" (born {context.client_dob})" if context.client_dob else "")
    pdf.para(f"Client: {client}", gap=0.5)
    pdf.para(f"Submitted: {local_time(s.submitted_at, context.time_zone)}", gap=0.5)
    edition = f"Version {s.version} of this {version.kind}"
    if s.number > 1:
        edition += f"; correction {s.number - 1} (submission {s.number})"
    pdf.para(edition, size=9, gap=3)
    if s.measure and s.score is not None:
        top = MEASURE_MAX.get(s.measure, 0)
        pdf.para(f"Score: {s.score} of {top} ({s.severity})", size=12, bold=True, gap=1)
    if s.urgent:
        pdf.para(
            "URGENT: item 9 (thoughts of being better off dead or of self-harm) was answered "
            "above 0. Follow up with the client.",
            bold=True,
            gap=3,
        )


def _answers(pdf: _Pdf, s: Submission, version: Version) -> None:
    for field in visible_fields(version.fields, s.answers):
        if field.type == "signature":
            continue  # the signature block shows it with its record
        if field.type == "heading":
            pdf.ln(2)
            pdf.para(field.label, size=13, bold=True, gap=2)
        elif field.type == "instructions":
            pdf.para(field.label + (f"\n{field.help}" if field.help else ""), size=9, gap=3)
        else:
            pdf.para(field.label, bold=True, gap=0.5)
            pdf.para(answer_text(field, s.answers.get(field.id)), gap=3)


def _signature_block(pdf: _Pdf, signing: Signing, context: PdfContext) -> None:
    pdf.ln(4)
    pdf.para("Signature", size=13, bold=True, gap=2)
    pdf.para(f"Signed electronically by: {signing.name}", bold=True, gap=1)
    pdf.para(f"Signed: {local_time(signing.at, context.time_zone)}", gap=1)
    pdf.para(f"IP address: {signing.ip or 'not known'}", gap=1)
    pdf.para(f"Device (user agent): {signing.user_agent or 'not known'}", gap=1)
    pdf.para(f"SHA-256 of the signed text: {signing.document_sha256}", size=8, gap=1)
    pdf.para(
        'The signer typed their full name and checked "I agree". The hash identifies the '
        "exact version of the text they signed.",
        size=8,
    )
