"""Look-alike skeletons, ASCII forms and RFC 5321 lengths of email addresses."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from shared.email_address import ascii_form, has_non_ascii, skeleton
from shared.types import Email


def test_addresses_that_look_alike_share_a_skeleton_and_others_do_not() -> None:
    assert skeleton("s\u0435cprobe@example.com") == skeleton("secprobe@example.com")
    assert skeleton("p\u0430ypal@example.com") == skeleton("paypal@example.com")  # Cyrillic a
    assert skeleton("alice@example.com") != skeleton("alicia@example.com")


def test_the_ascii_form_puts_the_domain_in_punycode_and_says_what_is_not_ascii() -> None:
    assert ascii_form("robin@b\u00fccher.example") == "robin@xn--bcher-kva.example"
    assert ascii_form("robin@example.com") == "robin@example.com"
    assert has_non_ascii("s\u0435cprobe@example.com") and not has_non_ascii("a@example.com")


@pytest.mark.parametrize(
    "address",
    [
        "a" * 65 + "@example.com",
        "\u00fc" * 33 + "@example.com",  # 66 octets in UTF-8
        "a@" + ".".join(["b" * 63] * 4) + ".com",
    ],
)
def test_parts_longer_than_rfc_5321_allows_are_refused(address: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(Email).validate_python(address)


def test_a_64_character_local_part_is_accepted() -> None:
    address = "a" * 64 + "@example.com"
    assert TypeAdapter(Email).validate_python(address) == address
