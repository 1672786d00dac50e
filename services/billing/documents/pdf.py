"""The page every billing document prints on: the practice's header, who the document
is for, clean tables, a footer with the page number. Fonts and what prints are
shared.pdf's (any name prints; nothing a client typed reaches a log).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from shared.pdf import INK, MUTED, PortalPdf

RULE = (206, 212, 218)
HEAD_FILL = (233, 240, 247)


@dataclass(frozen=True)
class Header:
    """What every document shows at its top."""

    practice_name: str
    title: str  # "Invoice", "Statement", "Superbill"
    practice_lines: Sequence[str] = ()  # address, phone, email
    reference_lines: Sequence[str] = ()  # "Invoice 0012", "Issued Mar 4, 2026"...
    bill_to: Sequence[str] = ()  # the client's name, and what else identifies them
    bill_to_label: str = "Bill to"
    extra: dict[str, str] = field(default_factory=dict)


class Document(PortalPdf):
    def __init__(self, header: Header, *, font: str | Path | None) -> None:
        super().__init__(
            font=font,
            title=f"{header.title} - {header.practice_name}",
            author=header.practice_name,
        )
        self.doc_header = header
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(16, 16, 16)
        self.add_page()
        self._top()

    def write_line(
        self,
        text: object,
        *,
        size: float = 10,
        bold: bool = False,
        muted: bool = False,
        align: str = "L",
    ) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*(MUTED if muted else INK))
        self.cell(
            0, size * 0.5, self.printable(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )

    def _top(self) -> None:
        h = self.doc_header
        top = self.get_y()
        self.write_line(h.practice_name, size=15, bold=True)
        for line in h.practice_lines:
            self.write_line(line, size=9, muted=True)
        left_end = self.get_y()
        self.set_y(top)
        self.write_line(h.title.upper(), size=15, bold=True, align="R")
        for line in h.reference_lines:
            self.write_line(line, size=9, align="R")
        self.set_y(max(left_end, self.get_y()) + 4)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        if h.bill_to:
            self.write_line(h.bill_to_label, size=9, bold=True, muted=True)
            for line in h.bill_to:
                self.write_line(line)
            self.ln(3)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.write_line(text, size=11, bold=True)
        self.ln(1)

    def grid(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        widths: Sequence[int],
        right: Sequence[int] = (),
    ) -> None:
        """A table: a shaded heading row, then ``rows``; columns in ``right`` (money) are
        right-aligned."""
        self.set_font(self.family, "", 9)
        self.set_text_color(*INK)
        align = tuple("RIGHT" if i in right else "LEFT" for i in range(len(headings)))
        with self.table(
            col_widths=tuple(widths),
            text_align=align,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
            borders_layout="HORIZONTAL_LINES",
            line_height=6,
        ) as table:
            head = table.row()
            for text in headings:
                head.cell(self.printable(text))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.printable(value))

    def totals(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Label and figure pairs, right-aligned under a table; the last one bold."""
        self.ln(2)
        for i, (label, figure) in enumerate(pairs):
            bold = i == len(pairs) - 1
            self.set_font(self.family, "B" if bold else "", 10)
            self.set_x(self.w - self.r_margin - 90)
            self.cell(55, 6, self.printable(label), align="R")
            self.cell(35, 6, self.printable(figure), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(*MUTED)
        self.cell(
            0,
            5,
            self.printable(f"{self.doc_header.practice_name} - page {self.page_no()}"),
            align="C",
        )
