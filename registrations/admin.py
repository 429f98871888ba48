from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.roles import series_managed_by

from .models import Person, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = ["occurrence", "status", "seats", "source", "code"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "created_at", "anonymised_at"]
    search_fields = ["name", "phone", "email"]
    list_filter = [("anonymised_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["created_at", "anonymised_at"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read-mostly: registering, cancelling and moving up go through the staff pages (one rule)."""

    list_display = ["person", "occurrence", "seats", "status", "source", "created_at"]
    list_filter = ["status", "source", "needs_wheelchair", "needs_hearing", "occurrence__series"]
    search_fields = ["person__name", "person__phone", "person__email", "code"]
    list_select_related = ["person", "occurrence__series"]
    readonly_fields = [
        "occurrence", "person", "seats", "status", "source", "entered_by", "code", "created_at", "waitlisted_at",
        "confirmed_at", "cancelled_at", "promotion_note", "reminded_at",
    ]
    fields = readonly_fields[:5] + ["needs_wheelchair", "needs_hearing", "needs_note"] + readonly_fields[5:]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(occurrence__series__in=series_managed_by(request.user))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("needs"))
    def needs_text(self, registration):
        return ", ".join(registration.needs)
