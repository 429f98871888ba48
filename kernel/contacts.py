"""Names, phones and e-mails as people type them, checked and written down one way in every app.

Registrations, the volunteer register and the award each had their own copy of these rules, and
the copies drifted (only one refused NUL, only the other dropped invisible characters), so the
same typed contact was one person at one door and another at the next. The rules live here
once; each app binds them to its own refusal class (`ContactRules(RegistrationError)`), because
its pages and views catch that class, and the message, code and field stay the same everywhere.

What is typed is first made plain (`plain`): characters nobody sees (zero-width spaces and
joiners, soft hyphens, direction marks, byte-order marks — Unicode's "format" characters, which
arrive with text copied from documents and chat apps) are dropped, and unusual spaces (NBSP)
count as spaces. Characters no name, phone or e-mail can hold (NUL and the other control
characters, lone surrogates) are refused rather than dropped: they mean the input is broken, and
PostgreSQL refuses NUL outright.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _

from .refusals import Refusal

MAX_NAME = 150
# The longest address the e-mail columns and mail servers take.
MAX_EMAIL = 254

# Written between the digits of a phone number: spaces, dashes, dots, slashes, brackets.
_PHONE_SEPARATORS = re.compile(r"[\s\-./()]")
# ASCII digits only: \d would also take other scripts' digits ("٦٠٣") into the stored number.
_CZECH_LOCAL = re.compile(r"[2-9][0-9]{8}")
_CZECH_FULL = re.compile(r"\+420[2-9][0-9]{8}")
# Another country's +code and its number (E.164: at most 15 digits).
_FOREIGN = re.compile(r"\+(?!420)[1-9][0-9]{7,14}")


def _is_invisible(char):
    return unicodedata.category(char) == "Cf"


def _is_impossible(char):
    # Control characters other than whitespace (NUL, ESC, DEL …) and lone surrogates.
    return (unicodedata.category(char) == "Cc" and not char.isspace()) or unicodedata.category(char) == "Cs"


def has_impossible_character(text):
    return any(_is_impossible(char) for char in text or "")


def plain(text):
    """`text` without invisible characters, in composed form (NFC), every run of spaces one space, trimmed.

    Call it only on text without impossible characters (`has_impossible_character`).
    """
    visible = "".join(char for char in unicodedata.normalize("NFC", text or "") if not _is_invisible(char))
    return " ".join(visible.split())


def name_key(name):
    """The name for finding the same person: no accents, no case, single spaces ("Nováková" = "novakova").

    Cut to the length of the name columns: decomposing can lengthen a name ("ﬁ" becomes "fi").
    """
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(char for char in decomposed if not unicodedata.combining(char) and not _is_invisible(char))
    return " ".join(letters.casefold().split())[:MAX_NAME]


def same_contact(email, phone, *, prefix=""):
    """Rows with this phone or this e-mail (in any case); no row when both are empty.

    Both must already be normalised. `prefix` names the columns (`nominee_` for nominee_email).
    """
    match = Q(pk__in=[])
    if phone:
        match |= Q(**{f"{prefix}phone": phone})
    if email:
        match |= Q(**{f"{prefix}email__iexact": email})
    return match


class ContactRules:
    """The contact rules refusing with `refusal`, the app's Refusal subclass.

    Each refusal names its `field`, so a form puts the message beside the input to correct.
    """

    def __init__(self, refusal=Refusal):
        self.refusal = refusal

    def phone(self, text, *, field="phone"):
        """Czech numbers become +420 and nine digits; other countries keep their +code. '' stays ''.

        "603 123 456", "603-123-456", "+420 603 123 456" and "00420 603 123 456" are one number.
        """
        if has_impossible_character(text):
            raise self._invalid_phone(field)
        digits = _PHONE_SEPARATORS.sub("", plain(text))
        if not digits:
            return ""
        if digits.startswith("00"):
            digits = "+" + digits[2:]
        if _CZECH_LOCAL.fullmatch(digits):
            return "+420" + digits
        if _CZECH_FULL.fullmatch(digits) or _FOREIGN.fullmatch(digits):
            return digits
        raise self._invalid_phone(field)

    def _invalid_phone(self, field):
        return self.refusal(
            "invalid_phone", _("The phone number is not valid. Write nine digits, for example 777 123 456."),
            field=field,
        )

    def email(self, text, *, field="email"):
        """The address as typed, its domain in small letters (the part before @ may matter to the server)."""
        if has_impossible_character(text):
            raise self._invalid_email(field)
        email = plain(text)
        if not email:
            return ""
        try:
            if len(email) > MAX_EMAIL:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            raise self._invalid_email(field) from None
        local, _at, domain = email.rpartition("@")
        return f"{local}@{domain.lower()}"

    def _invalid_email(self, field):
        return self.refusal(
            "invalid_email", _("The e-mail address is not valid. Check it, for example jana@seznam.cz."), field=field,
        )

    def name(self, text, *, field="name", code="invalid_name", empty_message=None):
        """A person's name: plain, with at least one letter, at most MAX_NAME characters."""
        if has_impossible_character(text):
            raise self.refusal(code, _("The name contains a character that cannot be in a name. Check it, please."),
                               field=field)
        name = plain(text)
        if not any(char.isalpha() for char in name):
            raise self.refusal(code, empty_message or _("Write your name, please."), field=field)
        if len(name) > MAX_NAME:
            raise self.refusal(code, _("The name is too long."), field=field)
        return name

    def text(self, text, *, field=None):
        """Free text kept beside a contact (a story, a reason, an organisation), refused when it holds
        a character no text can (NUL and the other control characters but line breaks and tabs, lone
        surrogates); returned as it came, for the caller to trim and shorten as that text wants.
        """
        if has_impossible_character(text):
            raise self.refusal(
                "invalid_text",
                _("The text contains a character that cannot be written in it (a control character). "
                  "Delete it, please."),
                field=field,
            )
        return text or ""

    def phone_and_email(self, email, phone, *, missing_message, missing_field="phone"):
        """Both normalised, and at least one given (else `missing_message`, beside `missing_field`)."""
        email, phone = self.email(email), self.phone(phone)
        if not email and not phone:
            raise self.refusal("missing_contact", missing_message, field=missing_field)
        return email, phone
