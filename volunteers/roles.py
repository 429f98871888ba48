"""Who may see what in the volunteer register, as permission-checked getters used by every page.

Missing and not yours look the same: a bare 404, which the site answers with its one page. The
keeper of the register is department staff (`events.roles.is_department_staff`).
"""

import re

from django.http import Http404

from events.roles import is_department_staff

from .models import Shift, Volunteer

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def is_coordinator(user):
    return is_department_staff(user)


def get_volunteer_for_staff(user, pk):
    volunteer = Volunteer.objects.filter(pk=pk).first() if is_department_staff(user) else None
    if volunteer is None:
        raise Http404
    return volunteer


def get_shift_for_staff(user, pk):
    shift = Shift.objects.for_list().filter(pk=pk).first() if is_department_staff(user) else None
    if shift is None:
        raise Http404
    return shift


def looks_like_token(token):
    """secrets.token_urlsafe text only: anything else (a NUL byte breaks PostgreSQL) is simply unknown."""
    return bool(token) and TOKEN_SHAPE.fullmatch(token) is not None


def get_volunteer_by_token(token):
    """The volunteer's private page: the token is the key; a volunteer who left has none."""
    volunteer = (
        Volunteer.objects.filter(token=token, anonymised_at__isnull=True).first() if looks_like_token(token) else None
    )
    if volunteer is None:
        raise Http404
    return volunteer
