"""Who may write through the API; the rules themselves live in `events.roles`."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from events.roles import can_manage_series, is_department_staff


class SeriesPermission(permissions.BasePermission):
    """Everyone reads; department staff create; a series changes only in the hands of who may manage it."""

    message = _("Only department staff can add a series.")
    code = "not_department_staff"

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers 401 with a WWW-Authenticate header
        if view.action == "create":
            return is_department_staff(request.user)
        return True

    def has_object_permission(self, request, view, series):
        if request.method in permissions.SAFE_METHODS:
            return True
        if can_manage_series(request.user, series):
            return True
        self.message = _("You can change only a series you organize.")
        self.code = "not_your_series"
        return False
