from django.dispatch import Signal

# Sent after a date was cancelled, moved or given more places, with `occurrence` and `change`
# ("cancelled", "moved" or "capacity"). Apps above `events` (registrations) listen to notify
# people and move waiting lists; `events` itself knows nothing about them.
occurrence_changed = Signal()


def set_up_after_migrate(sender, **kwargs):
    """Roles and the daily job exist after every migrate; running it again changes nothing.

    Connected in EventsConfig.ready, after django.contrib.auth, so the permissions exist.
    """
    from django.contrib.auth.models import Group, Permission
    from django_q.models import Schedule

    from .roles import DEPARTMENT_STAFF, ensure_roles

    ensure_roles()
    # Staff see in the admin how the daily jobs went (jobs is installed before events, so its
    # permissions exist by now).
    Group.objects.get(name=DEPARTMENT_STAFF).permissions.add(
        *Permission.objects.filter(content_type__app_label="jobs", codename="view_jobrun")
    )
    Schedule.objects.update_or_create(
        name="events: extend dates to the horizon",
        defaults={
            "func": "events.tasks.extend_horizons",
            "schedule_type": Schedule.CRON,
            "cron": "15 3 * * *",
            "repeats": -1,
        },
    )
