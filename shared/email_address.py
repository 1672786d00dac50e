"""Email addresses as people see them: lengths (RFC 5321), an ASCII form, and a skeleton
that two look-alike addresses share (Unicode TR39 confusables).

``s\u0435cprobe@example.com`` (a Cyrillic e) and ``secprobe@example.com`` look the same in a
list; ``skeleton`` maps both to one string, so a service can refuse the second while the
first has an account. The confusable data is the Unicode consortium's (confusables.txt),
as the ``confusable-homoglyphs`` package ships it: each character with the characters it
may be mistaken for. Characters that may be mistaken for one another (directly or
through a third) share one prototype here; sequences (``rn`` for ``m``) are not matched.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from importlib import resources

import idna

LOCAL_MAX_OCTETS = 64  # RFC 5321 4.5.3.1.1
DOMAIN_MAX_OCTETS = 255  # RFC 5321 4.5.3.1.2
ADDRESS_MAX = 254  # RFC 5321's 256-octet path, less its angle brackets


def check_lengths(address: str) -> str:
    """``address`` if its parts fit RFC 5321 (the domain in its ASCII form), else
    ValueError saying which part is too long."""
    local, _, domain = address.rpartition("@")
    if len(local.encode()) > LOCAL_MAX_OCTETS:
        raise ValueError(f"the part before @ may be at most {LOCAL_MAX_OCTETS} characters")
    if len(_ascii_domain(domain)) > DOMAIN_MAX_OCTETS:
        raise ValueError(f"the part after @ may be at most {DOMAIN_MAX_OCTETS} characters")
    if len(address) > ADDRESS_MAX:
        raise ValueError(f"may be at most {ADDRESS_MAX} characters")
    return address


def ascii_form(address: str) -> str:
    """The address with its domain in IDNA (punycode) form: ``ü@bücher.example`` ->
    ``ü@xn--bcher-kva.example``. A non-ASCII local part has no ASCII form and stays."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{_ascii_domain(domain)}"


def has_non_ascii(address: str) -> bool:
    return not address.isascii()


def _ascii_domain(domain: str) -> str:
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        return domain  # the address validator already accepted it: show it as it is


def skeleton(address: str) -> str:
    """One string for every address that looks like ``address`` (case aside)."""
    prototypes = _prototypes()
    text = unicodedata.normalize("NFD", address.casefold())
    mapped = "".join(prototypes.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFD", mapped)


@functools.cache
def _prototypes() -> dict[str, str]:
    """Character -> the prototype of its class of look-alikes (the smallest code point,
    so an ASCII letter when one is in the class)."""
    data = json.loads(
        resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text("utf-8")
    )
    parent: dict[str, str] = {}

    def root(ch: str) -> str:
        while parent.get(ch, ch) != ch:
            ch = parent[ch]
        return ch

    for char, glyphs in data.items():
        for glyph in glyphs:
            other = glyph["c"].strip("\u200e")  # the data marks right-to-left ones
            if len(char) == 1 and len(other) == 1:
                a, b = root(char), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {ch: root(ch) for ch in parent}
