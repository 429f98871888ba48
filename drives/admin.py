"""The admin of drives: department staff set drives up (needs, points, hours); organizers see their own.

Donations, pledges, hand-outs and the history are read-only here: they change only through the
staff pages, so every change goes through the services and leaves its history. The status too
changes only there (start, close). After every save the programme's collection series follow.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from config.admin_rows import AccessibleFieldsMixin, LabelledRowsFormSet
from events.roles import is_department_staff

from . import services
from .models import (
    CollectionPoint,
    Distribution,
    Donation,
    Drive,
    HistoryEntry,
    Need,
    OpeningException,
    OpeningHours,
    Pledge,
)
from .roles import drives_managed_by


def _resync(request, drive):
    try:
        services.resync(drive)
    except services.DrivesError as error:
        messages.error(request, error.message)


class ManagedDrivesMixin:
    """An organizer sees only the drives they organize; someone else's looks as if it did not exist."""

    drive_path = "drive"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_department_staff(request.user):
            return queryset
        return queryset.filter(**{f"{self.drive_path}__in": drives_managed_by(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "drive" and not is_department_staff(request.user):
            kwargs["queryset"] = drives_managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class NeedInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = Need
    fields = ["name", "description", "unit", "target", "priority", "position", "received", "pledged"]
    readonly_fields = ["received", "pledged"]
    extra = 1


class CollectionPointInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = CollectionPoint
    fields = ["venue", "note", "position"]
    extra = 1
    show_change_link = True


@admin.register(Drive)
class DriveAdmin(AccessibleFieldsMixin, ManagedDrivesMixin, admin.ModelAdmin):
    drive_path = "pk"
    list_display = ["title", "status", "kind", "starts_on", "ends_on", "progress"]
    list_filter = ["status", "kind", "hands_out"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "closed_at"]
    fields = ["title", "slug", "kind", "status", "starts_on", "ends_on", "description", "how_to_help", "hands_out",
              "organizers", "closed_at"]
    inlines = [NeedInline, CollectionPointInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("needs")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_department_staff(request.user):
            fields.append("organizers")
        return fields

    @admin.display(description=_("progress"))
    def progress(self, drive):
        percent = drive.overall_percent
        return "—" if percent is None else f"{percent} %"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _resync(request, form.instance)


class OpeningHoursInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = OpeningHours
    fields = ["weekday", "opens", "closes"]
    extra = 1


class OpeningExceptionInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = OpeningException
    fields = ["date", "closed", "opens", "closes", "note"]
    extra = 1


@admin.register(CollectionPoint)
class CollectionPointAdmin(AccessibleFieldsMixin, ManagedDrivesMixin, admin.ModelAdmin):
    list_display = ["venue", "drive"]
    list_filter = ["drive__status", "drive"]
    search_fields = ["venue__name", "drive__title"]
    list_select_related = ["venue", "drive"]
    fields = ["drive", "venue", "accepts", "note", "position"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _resync(request, form.instance.drive)


class ReadOnlyAdmin(ManagedDrivesMixin, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Donation)
class DonationAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "drive", "need", "quantity", "point", "donor_name", "voided_at"]
    list_filter = ["drive", ("voided_at", admin.EmptyFieldListFilter)]
    search_fields = ["donor_name", "need__name"]
    list_select_related = ["drive", "need", "point__venue"]
    date_hierarchy = "received_at"


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "drive", "need", "quantity", "name", "status"]
    list_filter = ["drive", "status", "source"]
    search_fields = ["name", "note"]
    list_select_related = ["drive", "need"]


@admin.register(Distribution)
class DistributionAdmin(ReadOnlyAdmin):
    list_display = ["handed_out_on", "drive", "households", "people", "items", "voided_at"]
    list_filter = ["drive", ("voided_at", admin.EmptyFieldListFilter)]
    list_select_related = ["drive"]


@admin.register(HistoryEntry)
class HistoryEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "drive", "action", "by_name", "subject_id"]
    list_filter = ["drive", "action"]
    search_fields = ["by_name"]
    list_select_related = ["drive"]
    date_hierarchy = "at"
