"""What staff set up in the admin: rounds with their categories, criteria and jurors.

Reviewing nominations, scoring and moving phases go through the coordinator's pages and the
services (one rule); the admin shows them read-only.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin_rows import LabelledRowsFormSet

from .models import AwardRound, Category, Criterion, Juror, Nomination, Phase, PhaseChange, Story


class CategoryInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = Category
    fields = ["name", "description", "position"]
    extra = 0


class LockedOnceJudgingInline(admin.TabularInline):
    """Criteria and jurors are what the scores rest on: fixed from the moment judging starts."""
    formset = LabelledRowsFormSet

    extra = 0

    def _locked(self, obj):
        return obj is not None and obj.phase_at_least(Phase.JUDGING)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if self._locked(obj) else super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


class CriterionInline(LockedOnceJudgingInline):
    model = Criterion
    fields = ["name", "description", "weight", "position"]


class JurorInline(LockedOnceJudgingInline):
    model = Juror
    fields = ["user"]
    raw_id_fields = ["user"]


class PhaseChangeInline(admin.TabularInline):
    formset = LabelledRowsFormSet
    model = PhaseChange
    fields = ["at", "from_phase", "to_phase", "by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AwardRound)
class AwardRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "phase", "nominations_open_on", "nominations_close_on", "judging_closes_on",
                    "announce_on"]
    list_filter = ["phase"]
    readonly_fields = ["phase", "closed_at", "announced_at"]
    fieldsets = [
        (None, {"fields": ["year", "title", "intro", "phase"]}),
        (_("Dates"), {"fields": ["nominations_open_on", "nominations_close_on", "judging_closes_on",
                                 "announce_on", "closed_at", "announced_at"]}),
        (_("Scoring"), {"fields": ["scale_min", "scale_max", "min_scores", "spread_alert_percent",
                                   "winners_per_category"]}),
    ]
    inlines = [CategoryInline, CriterionInline, JurorInline, PhaseChangeInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.phase_at_least(Phase.JUDGING):
            # The scale and the tally's rules may not move under the jurors' scores.
            fields += ["scale_min", "scale_max", "min_scores", "spread_alert_percent", "winners_per_category"]
        return fields


class StoryInline(admin.StackedInline):
    model = Story
    fields = ["text", "nominator_name", "nominator_email", "nominator_phone", "consent_at", "source",
              "submitted_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Read-only: review, merging and corrections go through the coordinator's pages."""

    list_display = ["nominee_name", "round", "category", "status", "publication_consent", "won", "created_at"]
    list_filter = ["round", "status", "category", "publication_consent", "won"]
    search_fields = ["nominee_name", "nominee_organisation", "nominee_email", "stories__nominator_name"]
    list_select_related = ["round", "category"]
    inlines = [StoryInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Nomination._meta.fields if field.name != "id"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
