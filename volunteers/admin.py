"""What staff set up in the admin: skills and volunteers with their checks; shifts with who is on them.

Shifts' sign-ups go through the pages and services (one rule); the admin shows them read-only.
"""

from django.contrib import admin

from config.admin_rows import AccessibleFieldsMixin, LabelledRowsFormSet

from .models import Assignment, Shift, Skill, Volunteer, VolunteerCheck


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CheckInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = VolunteerCheck
    fields = ["kind", "checked_on", "valid_until"]
    extra = 0


@admin.register(Volunteer)
class VolunteerAdmin(AccessibleFieldsMixin, admin.ModelAdmin):
    list_display = ["name", "phone", "email", "active", "consent_at", "left_at"]
    list_filter = ["active", "skills", "weekday_mornings", "weekday_afternoons", "weekday_evenings", "weekends",
                   ("anonymised_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "phone", "email"]
    readonly_fields = ["created_at", "left_at", "anonymised_at"]
    inlines = [CheckInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a volunteer who leaves is anonymised on their page; their hours stay


class AssignmentInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = Assignment
    fields = ["volunteer", "status", "confirmed_at", "attended", "hours"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Shift)
class ShiftAdmin(admin.ModelAdmin):
    list_display = ["role", "occurrence", "starts_at", "places_needed", "places_taken", "required_check"]
    list_filter = ["required_check", "occurrence__series"]
    search_fields = ["role", "occurrence__series__title"]
    list_select_related = ["occurrence__series"]
    raw_id_fields = ["occurrence"]
    readonly_fields = ["places_taken", "created_by", "created_at"]
    date_hierarchy = "starts_at"
    inlines = [AssignmentInline]
