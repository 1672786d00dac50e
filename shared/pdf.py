"""The page every PDF of the portal prints on (fpdf2): the font, and text made printable.

Billing's invoices, statements and superbills and forms' submissions subclass
``PortalPdf``. Two rules hold for all of them:

- **Any name prints.** A TrueType font (PORTAL_PDF_FONT; empty: Debian's DejaVu Sans where
  installed, as in the image) draws most scripts. Without one, the built-in Helvetica knows
  Latin-1 only: accents are dropped (Nguyễn prints as Nguyen) and other letters become "?".
- **Nothing a client typed reaches a log or is read as markup.** fpdf2 logs each character
  its font lacks, so ``printable`` replaces those with "?" first; ``para`` draws text with
  markdown off, so "<b>" or "**" prints as typed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import TTFFont

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
INK = (33, 37, 41)
MUTED = (96, 103, 112)


def font_file(configured: str | Path | None) -> Path | None:
    """The TrueType font to use: the configured one, else DejaVu Sans; None if neither
    is on this machine."""
    path = Path(configured) if configured else DEJAVU
    return path if path.is_file() else None


class PortalPdf(FPDF):
    def __init__(self, *, font: str | Path | None, title: str, author: str | None = None) -> None:
        super().__init__(format="letter", unit="mm")
        self.family = "Helvetica"
        self.unicode = False
        regular = font_file(font)
        if regular is not None:
            bold = regular.with_name(regular.stem + "-Bold" + regular.suffix)
            self.add_font("Body", "", str(regular))
            self.add_font("Body", "B", str(bold if bold.is_file() else regular))
            self.family, self.unicode = "Body", True
        self.set_title(title)  # never anything a client typed: viewers show it in lists
        self.set_creator("Client Portal")
        if author:
            self.set_author(author)

    def printable(self, value: object) -> str:
        """``value`` as the current font can draw it (see the module's rules)."""
        text = "" if value is None else str(value)
        if not self.unicode:
            plain = unicodedata.normalize("NFKD", text)
            plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
            return plain.encode("latin-1", "replace").decode("latin-1")
        current = self.current_font
        font = current if isinstance(current, TTFFont) else self.fonts.get("body")
        cmap = font.cmap if isinstance(font, TTFFont) else {}
        return "".join(c if c == "\n" or ord(c) in cmap else "?" for c in text)

    def style(self, size: float, *, bold: bool = False, muted: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*(MUTED if muted else INK))

    def para(
        self,
        text: object,
        *,
        size: float = 10,
        bold: bool = False,
        muted: bool = False,
        gap: float = 1.5,
        align: str = "L",
    ) -> None:
        """A paragraph that wraps, drawn as plain text."""
        self.style(size, bold=bold, muted=muted)
        self.multi_cell(
            0, size * 0.5, self.printable(text), markdown=False, align=align,
            new_x=XPos.LMARGIN, new_y=YPos.NEXT,
        )  # fmt: skip
        self.ln(gap)

    def to_bytes(self) -> bytes:
        return bytes(self.output())
