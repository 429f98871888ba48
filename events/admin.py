"""The staff admin of the programme.

Department staff see and edit everything. An organizer sees only the series they organize and
the dates of those series; someone else's series looks as if it did not exist.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_forms import (
    ExcludedDatesFormSet,
    LocalDateTimeInput,
    OccurrenceAdminForm,
    SeriesAdminForm,
    UpcomingDatesFormSet,
    describe_rule,
    format_local_start,
    rule_to_choices,
    upcoming_rule_starts,
)
from .models import Audience, ExcludedDate, Occurrence, Series, Venue
from .roles import can_manage_series, is_department_staff
from .services import series_changed

PREVIEW_BUTTON = "_preview"


@admin.register(Audience)
class AudienceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "full_address", "step_free_access", "hearing_loop", "accessible_toilet"]
    list_filter = ["city", "step_free_access", "hearing_loop", "accessible_toilet"]
    search_fields = ["name", "street", "city", "transport_stop"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug"]}),
        (_("Address"), {
            "fields": [
                "street", ("postal_code", "city"), ("latitude", "longitude"), "transport_stop", "parking",
            ],
        }),
        (_("Accessibility"), {
            "fields": ["step_free_access", "hearing_loop", "accessible_toilet", "accessibility_note"],
        }),
    ]

    @admin.display(description=_("address"), ordering="street")
    def full_address(self, venue):
        return venue.address


class ExcludedDateInline(admin.TabularInline):
    model = ExcludedDate
    formset = ExcludedDatesFormSet
    fields = ["date", "reason"]
    extra = 1


class OccurrenceInline(admin.TabularInline):
    """The next dates of the series; the rest are in the list of dates (see the link above)."""

    model = Occurrence
    form = OccurrenceAdminForm
    formset = UpcomingDatesFormSet
    fields = [
        "start", "end", "status", "status_note", "venue", "capacity", "seats_taken", "modified",
        "capacity_overridden",
    ]
    readonly_fields = ["seats_taken", "modified", "capacity_overridden"]
    extra = 0
    can_delete = False  # dates come from the rule; a date that should not happen is cancelled
    show_change_link = True
    verbose_name_plural = _("upcoming dates")
    # Compact cells: one native date-and-time box instead of the admin's two boxes with shortcuts.
    formfield_overrides = {
        models.DateTimeField: {"form_class": forms.DateTimeField, "widget": LocalDateTimeInput},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "venue" and field is not None:
            field.widget = getattr(field.widget, "widget", field.widget)  # no add/edit icons in each row
        return field

    def get_queryset(self, request):
        dates = super().get_queryset(request).upcoming()
        return dates.select_related("series", "venue").order_by("start", "id")

    def has_add_permission(self, request, obj=None):
        return False


class SeriesAdmin(admin.ModelAdmin):
    form = SeriesAdminForm
    list_display = ["title", "kind", "venue", "schedule", "next_date", "published"]
    list_filter = ["kind", "published", "venue", "audiences"]
    list_select_related = ["venue"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ExcludedDateInline, OccurrenceInline]

    def get_queryset(self, request):
        next_start = (
            Occurrence.objects.filter(
                series=OuterRef("pk"), end__gt=timezone.now(), status=Occurrence.Status.SCHEDULED
            )
            .order_by("start")
            .values("start")[:1]
        )
        series = super().get_queryset(request).annotate(next_start=Subquery(next_start))
        if is_department_staff(request.user):
            return series
        return series.filter(organizers=request.user)

    # An organizer's own series only; the admin answers "does not exist" for the others because
    # get_queryset leaves them out, and these refuse them should anything reach them another way.
    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or can_manage_series(request.user, obj)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_manage_series(request.user, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or can_manage_series(request.user, obj)
        )

    def get_readonly_fields(self, request, obj=None):
        fields = ["next_dates"] if obj else []
        if not is_department_staff(request.user):
            # Who organizes and whether the public sees it is the department's decision.
            fields += ["organizers", "published"]
        return fields

    def get_fieldsets(self, request, obj=None):
        schedule = [
            ("starts_on", "start_time"), ("duration_hours", "duration_minutes"), "repeats", "interval",
            "weekdays", "months", "monthly_mode", "month_day", ("week_of_month", "weekday_of_month"),
            "ends", "count", "until",
        ]
        if obj is not None:
            if rule_to_choices(obj.recurrence, obj.starts_on, obj.start_time) is None:
                schedule.append("advanced_rule")
            schedule.append("next_dates")
        return [
            (None, {"fields": [
                "title", "slug", "kind", "description", "audiences", "venue", "price_note", "published",
                "organizers",
            ]}),
            (_("When"), {"fields": schedule}),
            (_("Registration"), {"fields": [
                "registration_required", "capacity", "max_seats_per_registration",
                "registration_opens_days_before", "registration_closes_hours_before", "waiting_list",
            ]}),
        ]

    def get_inlines(self, request, obj):
        # A new series has no dates yet: they appear after the first save.
        return self.inlines if obj is not None else [ExcludedDateInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if request.method == "POST" and PREVIEW_BUTTON in request.POST:
            form = type(form.__name__, (form,), {"preview_requested": True})
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "audiences":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "organizers":
            # Ticks with people's names: the two-list picker mixes English into Czech and needs a mouse.
            people = db_field.related_model.objects.filter(is_active=True, is_staff=True)
            kwargs["queryset"] = people.order_by("last_name", "first_name", "username")
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["help_text"] = _("Who is ticked sees and manages this event's dates and registrations.")
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "organizers" and field is not None:
            field.label_from_instance = person_label
        return field

    @admin.display(description=_("repetition"))
    def schedule(self, series):
        return describe_rule(series.recurrence, series.starts_on, series.start_time)

    @admin.display(description=_("next date"), ordering="next_start")
    def next_date(self, series):
        return format_local_start(series.next_start) if series.next_start else "—"

    @admin.display(description=_("Next dates by the saved rule"))
    def next_dates(self, series):
        # As saved: after "Show preview" the form's instance holds the unsaved rule.
        series = Series.objects.prefetch_related("excluded_dates").filter(pk=series.pk).first() or series
        starts = upcoming_rule_starts(
            series.recurrence, series.first_start_local, excluded=series.excluded_date_set
        )
        if not starts:
            return _("The rule gives no more dates.")
        return format_html(
            '<ol class="spolu-dates">{}</ol>',
            format_html_join("", "<li>{}</li>", ((format_local_start(start),) for start in starts)),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if form.preview is not None:
            context["schedule_preview"] = [format_local_start(start) for start in form.preview]
            context["schedule_preview_note"] = form.moved_first_date_message()
        if getattr(form, "dates_to_confirm", None):
            context["dates_to_confirm"] = form.dates_to_confirm
            context["confirm_field"] = form["confirm_schedule_change"]
        if obj is not None:
            upcoming = obj.occurrences.upcoming().count()
            shown = min(upcoming, UpcomingDatesFormSet.limit)
            context["dates_note"] = _("Upcoming dates in the table: %(shown)s of %(count)s.") % {
                "shown": shown, "count": upcoming,
            }
            context["all_dates_url"] = "{}?{}".format(
                reverse("admin:events_occurrence_changelist"),
                urlencode({"series__id__exact": obj.pk, "period": "upcoming"}),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if form.moved_first_date:
            self.message_user(request, form.moved_first_date_message(), messages.WARNING)

    def save_formset(self, request, form, formset, change):
        for date_form in formset.forms:
            date_form.by = request.user  # the dates' history says who changed them
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Only now are the excluded dates and the changed dates saved too: regenerate from them.
        _created, _updated, _removed, cancelled = series_changed(form.instance, by=request.user)
        if cancelled:
            self.message_user(request, ngettext(
                "%(count)s date that had registrations is no longer in the repetition; "
                "it was cancelled, not deleted.",
                "%(count)s dates that had registrations are no longer in the repetition; "
                "they were cancelled, not deleted.",
                cancelled,
            ) % {"count": cancelled}, messages.WARNING)


admin.site.register(Series, SeriesAdmin)


def person_label(user):
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class SeriesFilter(admin.RelatedOnlyFieldListFilter):
    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("Event")


class PeriodFilter(admin.SimpleListFilter):
    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("upcoming", _("upcoming")), ("past", _("past"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "upcoming":
            return queryset.filter(end__gt=now)
        if self.value() == "past":
            return queryset.filter(end__lte=now)
        return queryset


@admin.register(Occurrence)
class OccurrenceAdmin(admin.ModelAdmin):
    """Every date, past ones too; the series page shows only the next few."""

    form = OccurrenceAdminForm
    list_display = ["event", "local_start", "place", "status", "seats_taken", "capacity", "modified"]
    list_filter = [PeriodFilter, "status", "modified", ("series", SeriesFilter), "series__kind"]
    list_select_related = ["series", "series__venue", "venue"]
    search_fields = ["series__title"]
    date_hierarchy = "start"
    # The series and the SEQUENCE through methods: their model fields have no Czech names.
    fields = [
        "event", "recurrence_id", "start", "end", "status", "status_note", "venue", "capacity",
        "seats_taken", "modified", "capacity_overridden", "calendar_version",
    ]
    readonly_fields = [
        "event", "recurrence_id", "seats_taken", "modified", "capacity_overridden", "calendar_version",
    ]
    # The same one box per time as in the series' table of dates, read as Prague time.
    formfield_overrides = OccurrenceInline.formfield_overrides

    def get_queryset(self, request):
        dates = super().get_queryset(request).select_related("series")
        if is_department_staff(request.user):
            return dates
        return dates.filter(series__organizers=request.user)

    def has_add_permission(self, request):
        return False  # dates come from the series' repetition

    def has_delete_permission(self, request, obj=None):
        return False  # cancel instead: the rule would bring a deleted date back

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (
            obj is None or can_manage_series(request.user, obj.series)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or can_manage_series(request.user, obj.series)
        )

    def save_model(self, request, obj, form, change):
        form.save_fields(by=request.user)  # never the places taken: registrations change them concurrently

    @admin.display(description=_("Event"), ordering="series__title")
    def event(self, occurrence):
        return occurrence.series.title

    @admin.display(description=_("version for calendars"))
    def calendar_version(self, occurrence):
        return occurrence.sequence

    @admin.display(description=_("start"), ordering="start")
    def local_start(self, occurrence):
        return format_local_start(occurrence.start)

    @admin.display(description=_("venue"))
    def place(self, occurrence):
        return occurrence.place
