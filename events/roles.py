"""The two kinds of staff accounts, as groups with permissions (kept up to date after migrate)."""

from django.utils.translation import gettext_lazy as _

DEPARTMENT_STAFF = "Pracovníci odboru"
ORGANIZERS = "Organizátoři"

ORGANIZER_PERMISSIONS = [
    ("events", "series", ["view", "change"]),
    ("events", "occurrence", ["view", "change"]),
    ("events", "excludeddate", ["view", "add", "change", "delete"]),
    ("events", "venue", ["view"]),
    ("events", "audience", ["view"]),
]
STAFF_PERMISSIONS = [
    ("events", "series", ["view", "add", "change", "delete", "manage_all"]),
    ("events", "occurrence", ["view", "add", "change", "delete"]),
    ("events", "excludeddate", ["view", "add", "change", "delete"]),
    ("events", "venue", ["view", "add", "change", "delete"]),
    ("events", "audience", ["view", "add", "change", "delete"]),
]
ROLE_LABELS = {DEPARTMENT_STAFF: _("department staff"), ORGANIZERS: _("organizers")}


def _codenames(app_label, model, actions):
    for action in actions:
        yield "manage_all_series" if action == "manage_all" else f"{action}_{model}"


def ensure_roles():
    from django.contrib.auth.models import Group, Permission

    for name, spec in ((ORGANIZERS, ORGANIZER_PERMISSIONS), (DEPARTMENT_STAFF, STAFF_PERMISSIONS)):
        group, _created = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, model, actions in spec:
            wanted += list(
                Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=list(_codenames(app_label, model, actions))
                )
            )
        group.permissions.add(*wanted)


def is_department_staff(user):
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("events.manage_all_series")))


def can_manage_series(user, series):
    if is_department_staff(user):
        return True
    return bool(user and user.is_authenticated and series.organizers.filter(pk=user.pk).exists())


def series_managed_by(user):
    """The series a user may manage: all for department staff, their own for organizers."""
    from .models import Series

    if is_department_staff(user):
        return Series.objects.all()
    if not (user and user.is_authenticated and user.is_active):
        return Series.objects.none()
    return Series.objects.filter(organizers=user)


def get_occurrence_for_organizer(user, pk):
    """A date the user may manage. Missing and not yours look the same: 404."""
    from django.http import Http404

    from .models import Occurrence

    occurrence = (
        Occurrence.objects.filter(series__in=series_managed_by(user)).for_page().filter(pk=pk).first()
    )
    if occurrence is None:
        raise Http404("No such date.")
    return occurrence


def occurrence_for_door(user, pk):
    """The date with `may_manage` set, read in one query (a scan must stay within a few queries).

    Returns None when the date does not exist. `may_manage` is True for department staff
    and for organizers of the date's series.
    """
    from django.contrib.auth.models import Permission
    from django.db.models import Exists, OuterRef, Value

    from .models import Occurrence, Series

    if not (user and user.is_authenticated and user.is_active):
        may_manage = Value(False)
    elif user.is_superuser:
        may_manage = Value(True)
    else:
        organizes = Series.organizers.through.objects.filter(series_id=OuterRef("series_id"), user_id=user.pk)
        manage_all = Permission.objects.filter(codename="manage_all_series", content_type__app_label="events")
        staff_by_group = manage_all.filter(group__user=user.pk)
        staff_by_user = manage_all.filter(user=user.pk)
        may_manage = Exists(organizes) | Exists(staff_by_group) | Exists(staff_by_user)
    dates = Occurrence.objects.only("id", "series_id").annotate(may_manage=may_manage).filter(pk=pk).order_by()
    return next(iter(dates[:1]), None)
