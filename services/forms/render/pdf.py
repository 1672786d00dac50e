"""A submission as a PDF (fpdf2): the form's questions and the client's answers, or the
document's text, and a signature block with the signing record.

Everything a client typed is drawn as text, never read as markup: ``multi_cell`` with
markdown off, so "<b>" or "**" prints as typed (shared.pdf's rules, font included).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.forms.domain.answers import visible_fields
from services.forms.domain.model import Signing, Submission, Version
from services.forms.render.text import answer_text, local_time
from shared.pdf import PortalPdf

MEASURE_MAX = {"phq9": 27, "gad7": 21}


@dataclass(frozen=True)
class PdfContext:
    practice_name: str
    time_zone: str
    client_name: str
    client_dob: str | None


class _Pdf(PortalPdf):
    def __init__(self, font: str, *, title: str) -> None:
        super().__init__(font=font, title=title)
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-14)
        self.style(8)
        self.cell(0, 6, f"Page {self.page_no()}", align="C")


def render_submission(
    submission: Submission, version: Version, context: PdfContext, *, font_path: str = ""
) -> bytes:
    pdf = _Pdf(font_path, title=version.title)
    pdf.add_page()
    _header(pdf, submission, version, context)
    if version.kind == "document":
        pdf.para(version.body or "", size=10, gap=4)
    else:
        _answers(pdf, submission, version)
    if submission.signing is not None:
        _signature_block(pdf, submission.signing, context)
    return pdf.to_bytes()


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
