"""Who may manage a drive: department staff every drive, an organizer the drives they organize.

Every staff page and endpoint finds its rows through the getters below: a drive that is missing
and a drive that is not yours look the same: a bare 404, which the site answers with its one page.
"""

import re

from django.http import Http404

from events.roles import is_department_staff
from kernel.ids import MAX_ID, as_id  # noqa: F401 (MAX_ID: the staff pages read it here)

from .models import CollectionPoint, Distribution, Donation, Drive, Pledge

# Ids are bigint columns: a larger number is no row, and must not reach the database as a number.
# What a slug can be; anything else (a NUL byte from a fuzzer) is no drive and never reaches the database.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")


def drives_managed_by(user):
    if is_department_staff(user):
        return Drive.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Drive.objects.none()
    return Drive.objects.filter(organizers=user)


def can_manage_drive(user, drive):
    return drives_managed_by(user).filter(pk=drive.pk).exists()


def get_drive_for_manager(user, slug):
    if not SLUG.fullmatch(str(slug)):
        raise Http404
    drive = drives_managed_by(user).filter(slug=slug).first()
    if drive is None:
        raise Http404
    return drive


def get_public_drive(slug, user=None):
    """A running or closed drive for everyone; a prepared one only for who manages it (a preview)."""
    if not SLUG.fullmatch(str(slug)):
        raise Http404
    drive = Drive.objects.filter(slug=slug).first()
    if drive is None:
        raise Http404
    if drive.status == Drive.Status.PREPARED and not (user and can_manage_drive(user, drive)):
        raise Http404
    return drive


def _row_of(model, drive, pk, **related):
    number = as_id(pk)
    if number is None:
        raise Http404
    row = model.objects.filter(drive=drive, pk=number).select_related(*related.get("select", ())).first()
    if row is None:
        raise Http404
    row.drive = drive
    return row


def get_point_for_manager(user, slug, pk):
    drive = get_drive_for_manager(user, slug)
    return _row_of(CollectionPoint, drive, pk, select=("venue",))


def get_donation_for_manager(user, slug, pk):
    drive = get_drive_for_manager(user, slug)
    return _row_of(Donation, drive, pk, select=("need", "point__venue", "logged_by"))


def get_pledge_for_manager(user, slug, pk):
    drive = get_drive_for_manager(user, slug)
    return _row_of(Pledge, drive, pk, select=("need", "point__venue"))


def get_distribution_for_manager(user, slug, pk):
    drive = get_drive_for_manager(user, slug)
    return _row_of(Distribution, drive, pk, select=("need", "point__venue"))
