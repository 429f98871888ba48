from django.dispatch import receiver
from django_q.tasks import async_task

from events.signals import occurrence_changed

DAILY_JOBS = {
    "registrations: remind tomorrow's dates": ("registrations.tasks.send_reminders", "0 9 * * *"),
    "registrations: anonymise past attendees": ("registrations.tasks.anonymise_past_attendees", "30 3 * * *"),
}


@receiver(occurrence_changed)
def on_occurrence_changed(sender, occurrence, change, **kwargs):
    if change == "capacity":
        async_task("registrations.tasks.promote_after_more_places", occurrence.pk)
    else:
        async_task("registrations.tasks.notify_change", occurrence.pk, change)


def schedule_daily_jobs(sender, **kwargs):
    """Connected in RegistrationsConfig.ready; running migrate again changes nothing."""
    from django_q.models import Schedule

    for name, (func, cron) in DAILY_JOBS.items():
        Schedule.objects.update_or_create(
            name=name, defaults={"func": func, "schedule_type": Schedule.CRON, "cron": cron, "repeats": -1}
        )
