"""A limit on wrong passwords and wrong API tokens, per account and per address (django-axes).

Axes counts failures in the database, so every web server shares one count. The settings live
in config/settings.py (AXES_*); the pieces axes calls back are here:

- `client_ip`: the same address the throttles use (REMOTE_ADDR, or the one SPOLU_NUM_PROXIES
  trusted proxies put in X-Forwarded-For), so the header cannot be forged to dodge the limit;
- `lockout_parameters`: a sign-in counts against its account and its address; a wrong API token
  names no account, so it counts against the address only (else every token failure anywhere
  would pile up under one empty account name);
- `locked_out_response`: a Czech page (or `{"code", "detail"}` for the API) with HTTP 429.
"""

import ipaddress
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

LOCKED_OUT_STATUS = 429


def client_ip(request):
    address = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(address.strip()))
    except (AttributeError, ValueError):
        # A proxy that sent something other than an address: count the proxy's own address,
        # which axes can store (its column holds IP addresses only).
        return request.META.get("REMOTE_ADDR") or None


def lockout_parameters(request, credentials=None):
    if credentials and credentials.get("username"):
        return ["username", "ip_address"]
    return ["ip_address"]


def cooloff_minutes():
    cooloff = settings.AXES_COOLOFF_TIME
    if not isinstance(cooloff, timedelta):
        cooloff = timedelta(hours=cooloff)
    return max(1, round(cooloff.total_seconds() / 60))


def lockout_message():
    minutes = cooloff_minutes()
    return ngettext(
        "Too many wrong attempts to sign in. Try again in %(minutes)s minute, or call the department.",
        "Too many wrong attempts to sign in. Try again in %(minutes)s minutes, or call the department.",
        minutes,
    ) % {"minutes": minutes}


def locked_out_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        response = JsonResponse({"code": "locked_out", "detail": lockout_message()}, status=LOCKED_OUT_STATUS)
    else:
        context = {"message": lockout_message(), "department_email": settings.SPOLU_DEPARTMENT_EMAIL}
        response = render(request, "accounts/locked_out.html", context, status=LOCKED_OUT_STATUS)
    response["Retry-After"] = str(cooloff_minutes() * 60)
    return response


# --- Forgiving -------------------------------------------------------------------------------


def forgive_own_mistakes(sender, request, user, **kwargs):
    """A person who gets their password right is forgiven their own slips from that address.

    Only that account's failures from that address: axes' own reset on success would also wipe
    the address's failures on other accounts, so anyone with one account could then guess the
    passwords of others from the same address without limit.
    """
    if request is None:
        return
    AccessAttempt.objects.filter(username=user.get_username(), ip_address=client_ip(request)).delete()


def forgive_account(user):
    """After a password reset through the e-mail link, the account is no longer locked."""
    AccessAttempt.objects.filter(username=user.get_username()).delete()
