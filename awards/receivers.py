"""Set-up after every migrate: the coordinator's permissions in the admin and the daily jobs (idempotent)."""

from volunteers.receivers import grant_staff_and_schedule

# Scheduled by name: migration 0001 renamed the schedules the award had in `volunteers` to these.
DAILY_JOBS = {
    "awards: move award rounds to the phase of their dates": ("awards.tasks.advance_award_rounds", "5 0 * * *"),
    "awards: anonymise old nominations that did not win": ("awards.tasks.anonymise_old_nominations", "50 3 * * *"),
}

# The coordinator of the award (department staff) sets rounds up in the admin.
STAFF_MODELS = {
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
    """Connected in AwardsConfig.ready; running migrate again changes nothing."""
    grant_staff_and_schedule(sender.label, STAFF_MODELS, DAILY_JOBS)
