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
        raise Http404
    return occurrence


def may_manage_expression(user, series_field="series_id"):
    """Whether `user` may manage the series named by `series_field` on the rows of a query (its
    organizer, or department staff), as an SQL expression, so a date or a ticket and this answer
    come in one query (a scan must stay within a few queries)."""
    from django.contrib.auth.models import Permission
    from django.db.models import BooleanField, Exists, OuterRef, Value

    from .models import Series

    if not (user and user.is_authenticated and user.is_active):
        return Value(False, output_field=BooleanField())
    if user.is_superuser:
        return Value(True, output_field=BooleanField())
    organizes = Series.organizers.through.objects.filter(series_id=OuterRef(series_field), user_id=user.pk)
    manage_all = Permission.objects.filter(codename="manage_all_series", content_type__app_label="events")
    return Exists(organizes) | Exists(manage_all.filter(group__user=user.pk)) | Exists(manage_all.filter(user=user.pk))

