"""Set-up after every migrate: the staff's permissions in the admin and the daily job (idempotent)."""

from events.roles import DEPARTMENT_STAFF

DAILY_JOBS = {
    "volunteers: remind volunteers of shifts in two days": ("volunteers.tasks.send_shift_reminders", "0 10 * * *"),
}

# The keeper of the register works in the admin too.
STAFF_MODELS = {
    "skill": ["view", "add", "change"],
    "volunteer": ["view", "add", "change"],
    "volunteercheck": ["view", "add", "change", "delete"],
    "shift": ["view", "add", "change"],
    "assignment": ["view"],
}


def set_up_after_migrate(sender, **kwargs):
    """Connected in VolunteersConfig.ready; running migrate again changes nothing."""
    grant_staff_and_schedule(sender.label, STAFF_MODELS, DAILY_JOBS)


def grant_staff_and_schedule(app_label, staff_models, daily_jobs):
    """Give department staff the app's admin permissions and (re)schedule its daily jobs by name."""
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    group, _created = Group.objects.get_or_create(name=DEPARTMENT_STAFF)
    codenames = [f"{action}_{model}" for model, actions in staff_models.items() for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))

    for name, (func, cron) in daily_jobs.items():
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": Schedule.CRON, "cron": cron, "repeats": -1}
        )
