from django.db.models.signals import post_migrate
from django.dispatch import receiver


@receiver(post_migrate)
def schedule_daily_horizon_extension(sender, **kwargs):
    """Keep one daily job that extends every series' dates; running migrate again changes nothing."""
    if sender.name != "events":
        return
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        name="events: extend dates to the horizon",
        defaults={
            "func": "events.tasks.extend_horizons",
            "schedule_type": Schedule.CRON,
            "cron": "15 3 * * *",
            "repeats": -1,
        },
    )
