"""What every operation's documented answers share: the refusal body, the common 4xx, and 4xx
descriptions built from the codes the services raise.

`refusals(status, intro, *functions)` lists the codes `api.refusal_codes` reads from the given
service functions (and view helpers) with that status, so a code added to a service reaches the
schema without anyone typing it again; `tests/api/test_refusal_codes.py` checks each operation's
description against the calls of its view.

`shared_refusals` adds the refusals of the layers in front of the views (config.middleware,
api.parsers, api.authentication), which no view's `extend_schema` can name; a client reading the
schema must still learn of them.
"""

import functools

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .refusal_codes import refusal_codes

ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
# Either DRF's field errors ({"field": ["message"]}) or a refusal with a code.
FIELD_ERRORS_OR_REFUSAL = {
    "oneOf": [
        ERROR_SCHEMA,
        {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    ],
}


class ErrorSerializer(serializers.Serializer):
    """The body of every refusal except field validation: a stable code and a sentence for people."""

    code = serializers.CharField(help_text=_("A stable, machine-readable reason."))
    detail = serializers.CharField(help_text=_("The reason in words a person can read."))


def error_answer(description):
    """A `{"code", "detail"}` answer described in words of its own."""
    return OpenApiResponse(ErrorSerializer, description=description)


ERROR_401 = error_answer(_("Sign in (token or session) to change data."))
ERROR_401_READ = error_answer(_("Sign in (token or session) to see this."))
ERROR_403 = error_answer(_("This account may not do this."))
ERROR_404 = error_answer(_("No such item, or it is not public."))
PAGE_404 = error_answer(_("There is no page with this number."))


@functools.cache
def _codes_with_status(status, functions):
    codes = [code for code, raised in refusal_codes(*functions).items() if raised == status]
    if not codes:
        raise ValueError(f"none of {functions} refuses with {status}: describe the answer in words instead")
    return codes


def _with_codes(intro, status, functions):
    codes = ", ".join(_codes_with_status(status, functions))
    return f"{intro} {gettext('Codes: %(codes)s.') % {'codes': codes}}"


# Read when the schema is built, not when the API is imported: reading the services takes a second.
_with_codes_lazy = lazy(_with_codes, str)


def refusals(status, intro, *functions, field_errors=False):
    """The answer with `status`, listing the codes of that status the functions can refuse with.

    `field_errors`: the body may also be DRF's field errors (a 400 of a serializer's input).
    """
    return OpenApiResponse(
        FIELD_ERRORS_OR_REFUSAL if field_errors else ErrorSerializer,
        description=_with_codes_lazy(intro, status, functions),
    )


def _error_content(description):
    return {"description": str(description), "content": {"application/json": {"schema": ERROR_SCHEMA}}}


def shared_refusals(result, generator, request, public):
    """drf-spectacular postprocessing hook: 413 wherever a body is taken, 429 locked_out wherever a token is."""
    too_large = _error_content(_("The request body is too large (code too_large); the detail says the limit."))
    locked_out = _error_content(_(
        "Too many wrong sign-ins or tokens from this address (code locked_out); a token is refused until"
        " the lock ends."
    ))
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            answers = operation["responses"]
            if "requestBody" in operation:
                answers.setdefault("413", too_large)
            if any("tokenAuth" in way for way in operation.get("security", [])):
                answers.setdefault("429", locked_out)
    return result
