"""Staff see each daily job's last successful run and, for every run, what failed and why."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "job_name", "ok", "items_done", "items_failed", "failures_in_short"]
    list_filter = ["ok", "job"]
    search_fields = ["job", "label", "failures"]
    date_hierarchy = "started_at"
    fields = ["job", "label", "started_at", "finished_at", "ok", "items_done", "items_failed", "failures"]
    readonly_fields = fields

    @admin.display(description=_("job"), ordering="job")
    def job_name(self, run):
        return run.label or run.job

    @admin.display(description=_("what failed"))
    def failures_in_short(self, run):
        lines = run.failures.splitlines()
        if len(lines) <= 3:
            return "; ".join(lines)
        return "; ".join(lines[:3]) + " …"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        summary = [{"job": job, **state} for job, state in sorted(JobRun.objects.latest_by_job().items())]
        return super().changelist_view(request, {**(extra_context or {}), "job_summary": summary})
