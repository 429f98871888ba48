"""JSON bodies the API accepts: bounded in size and depth, valid UTF-8, no NUL and no lone surrogates.

DRF's own JSONParser hands the body to `json.load`, which recurses once per level: ~1,000 nested
brackets (2 KB, anonymous) raised RecursionError and answered 500 with a traceback. Here the depth
is counted before parsing, so nothing deep ever reaches the recursive parser, and every refusal
is a ParseError with a Czech message that the one handler (api/exceptions.py) turns into
`{"code", "detail"}`.
"""

import json
import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

# Far more than any of our bodies needs (the deepest, a check-in sync, has 3 levels).
MAX_DEPTH = 32
# A JSON string (with its escapes), so the brackets inside strings are not counted.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
# What a text in the database can never hold (PostgreSQL refuses NUL) or UTF-8 cannot encode.
_IMPOSSIBLE = re.compile("[\x00\ud800-\udfff]")


class BadBody(exceptions.ParseError):
    default_code = "invalid_body"
    default_detail = _("The request body is not valid JSON.")


class BodyTooDeep(exceptions.ParseError):
    default_code = "too_deep"


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class BadCharset(exceptions.UnsupportedMediaType):
    """DRF's own refusal of an unknown charset is English and has no code."""

    default_code = "unsupported_charset"

    def __init__(self):
        exceptions.APIException.__init__(self, _("Send the body as JSON in UTF-8."))


class ImpossibleCharacter(exceptions.ParseError):
    default_code = "invalid_character"
    default_detail = _("The text contains a character that cannot be stored (NUL or a lone surrogate).")


def max_body_bytes():
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large_detail():
    return _("The request body is too large; at most %(limit)s kB is accepted.") % {"limit": max_body_bytes() // 1024}


def too_large():
    return BodyTooLarge(too_large_detail())


def nesting_depth(text):
    """How deeply arrays and objects nest in `text`, counted without recursion."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub('""', text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def refuse_impossible_text(data):
    """Walk parsed JSON (without recursion) and refuse NUL or lone surrogates in any key or value."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _IMPOSSIBLE.search(item):
                raise ImpossibleCharacter()
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


class SafeJSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            "".encode(encoding)  # a text codec, not bz2_codec and the like (see DRF's get_encoding)
        except (LookupError, UnicodeError, TypeError):
            raise BadCharset() from None
        limit = max_body_bytes()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise too_large()
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise BadBody(_("The request body is not valid UTF-8 text.")) from None
        if nesting_depth(text) > MAX_DEPTH:
            raise BodyTooDeep(
                _("The JSON nests more than %(depth)s levels deep; no request needs that.") % {"depth": MAX_DEPTH}
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant if self.strict else None)
        except json.JSONDecodeError as error:
            raise BadBody(_("The request body is not valid JSON (line %(line)s, column %(column)s).")
                          % {"line": error.lineno, "column": error.colno}) from None
        except (ValueError, RecursionError):
            raise BadBody() from None
        refuse_impossible_text(data)
        return data


def _refuse_constant(name):
    raise ValueError(f"{name} is not JSON")
