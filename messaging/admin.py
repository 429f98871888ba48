from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """What was sent to whom, and what keeps failing and why, with "send again"."""

    list_display = ["created_at", "kind", "recipient", "subject", "status", "attempts", "next_attempt_at",
                    "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient", "subject", "kind"]
    readonly_fields = [field.name for field in Message._meta.fields]
    actions = ["send_again"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = outbox.send_again(queryset)
        self.message_user(request, ngettext("%(count)s message will be sent again.",
                                            "%(count)s messages will be sent again.", count) % {"count": count},
                          messages.SUCCESS)
