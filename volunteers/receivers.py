"""Set-up after every migrate: the staff's permissions in the admin and the daily jobs (idempotent)."""

from events.roles import DEPARTMENT_STAFF

DAILY_JOBS = {
    "volunteers: move award rounds to the phase of their dates": ("volunteers.tasks.advance_award_rounds",
                                                                   "5 0 * * *"),
    "volunteers: anonymise old nominations that did not win": ("volunteers.tasks.anonymise_old_nominations",
                                                                "50 3 * * *"),
    "volunteers: remind volunteers of shifts in two days": ("volunteers.tasks.send_shift_reminders", "0 10 * * *"),
}

# The coordinator of the award and the keeper of the register work in the admin too.
STAFF_MODELS = {
    "skill": ["view", "add", "change"],
    "volunteer": ["view", "add", "change"],
    "volunteercheck": ["view", "add", "change", "delete"],
    "shift": ["view", "add", "change"],
    "assignment": ["view"],
    "awardround": ["view", "add", "change"],
    "category": ["view", "add", "change", "delete"],
    "criterion": ["view", "add", "change", "delete"],
    "juror": ["view", "add", "change", "delete"],
    "nomination": ["view"],
    "story": ["view"],
    "phasechange": ["view"],
    "tiedecision": ["view"],
}


def set_up_after_migrate(sender, **kwargs):
    """Connected in VolunteersConfig.ready; running migrate again changes nothing."""
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    group, _created = Group.objects.get_or_create(name=DEPARTMENT_STAFF)
    codenames = [f"{action}_{model}" for model, actions in STAFF_MODELS.items() for action in actions]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="volunteers", codename__in=codenames))

    for name, (func, cron) in DAILY_JOBS.items():
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": Schedule.CRON, "cron": cron, "repeats": -1}
        )
