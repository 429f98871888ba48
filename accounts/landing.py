"""Where a person lands after signing in: the page where their role works.

One person may hold several roles (the demo organizer also runs a charity drive; a staff member
may sit on the jury). They land on the first that applies, in the order of how much of the
site the role covers: department staff, organizer of series (the door), drive organizer, juror.
From there the menu leads to the rest.
"""

from django.urls import reverse

from awards.roles import is_juror
from drives.roles import drives_managed_by
from events.roles import ORGANIZERS, is_department_staff, series_managed_by


def _organizes_series(user):
    return series_managed_by(user).exists() or user.groups.filter(name=ORGANIZERS).exists()


def landing_url(user):
    if is_department_staff(user):
        return reverse("registrations_staff:home")
    if _organizes_series(user):
        return reverse("registrations:scanner_home")
    if drives_managed_by(user).exists():
        return reverse("drives:staff_home")
    if is_juror(user):
        return reverse("awards:jury_home")
    if user.is_staff:
        # An account made only for the admin (e.g. editing venues) has no page of its own elsewhere.
        return reverse("admin:index")
    return reverse("events:programme")
