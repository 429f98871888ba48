"""Ticket codes: random, unambiguous when read aloud or typed, and the only content of the QR."""

import re
import secrets

# No 0/O, 1/I/L: nothing a person at the door or on the phone can mistake for another.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 21  # 21 symbols of 31 carry 104 bits
GROUP = 3


def new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def grouped(code):
    """ABC-DEF-GHJ-…: easier to read over the phone."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def clean_code(text):
    """What a person typed → the stored form: spaces and dashes dropped, upper case.

    Returns "" when the text cannot be a code. Digits 0 and 1 are not in codes; a person
    who typed them meant O or I, which are not in codes either, so such text is refused.
    """
    compact = re.sub(r"[\s\-–]", "", text or "").upper()
    if len(compact) != LENGTH or any(char not in ALPHABET for char in compact):
        return ""
    return compact
