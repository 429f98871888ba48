"""Lines for a person about what a schedule change does to dates with someone's work in them;
the series admin and the API say the same."""

from django.utils import dateformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import services
from .recurrence import to_local


def dates_to_confirm(series, **schedule):
    """A line for each date with someone's work in it that editing `series` to `schedule` changes or drops,
    by the same plan the save carries out; saving such an edit needs a confirmation."""
    plan = services.plan_schedule_change(series, services.Schedule.of(series, **schedule))
    return [describe_planned_date(planned) for planned in plan.to_confirm]


def describe_planned_date(planned):
    """One line for staff about a date with someone's work in it and what the edit does to it:
    'Út 5. 1. 2027 18:00 (přesunuto ručně na 19:30) — zůstane, jak je'."""
    row = planned.occurrence
    rule_start = to_local(row.recurrence_id)
    facts = []
    if row.is_cancelled:
        facts.append(_("cancelled"))
    if row.modified:
        if row.start != row.recurrence_id:
            facts.append(_("moved by hand to %(when)s") % {"when": _clock_or_day(row.start, rule_start)})
        else:
            facts.append(_("changed by hand"))
    if row.venue_id:
        facts.append(_("elsewhere: %(venue)s") % {"venue": row.venue})
    if row.capacity_overridden:
        facts.append(_("own number of places: %(count)s") % {"count": row.capacity})
    registered = row.seats_taken or planned.protected
    if row.seats_taken:
        facts.append(ngettext("%(count)s registered", "%(count)s registered", row.seats_taken) % {
            "count": row.seats_taken
        })
    elif planned.protected:
        facts.append(_("registrations or volunteer shifts"))

    outcome = []
    if planned.action == services.DROP:
        if planned.protected:
            outcome.append(_("will be cancelled: the new schedule has no date on that day"))
        else:
            outcome.append(_("is dropped: the new schedule has no date on that day"))
    elif row.is_cancelled:
        outcome.append(_("stays cancelled"))
    elif not planned.moves:
        outcome.append(_("stays as it is"))
    else:
        if planned.start != row.start:
            when = _clock_or_day(planned.start, rule_start)
            if planned.end - planned.start != row.end - row.start:
                when = f"{when}–{_clock_or_day(planned.end, to_local(planned.start))}"
            outcome.append(_("moves to %(when)s") % {"when": when})
        else:
            outcome.append(_("will end at %(when)s") % {"when": _clock_or_day(planned.end, to_local(row.start))})
    if registered and (planned.moves or planned.action == services.DROP) and not row.is_cancelled:
        outcome.append(_("the people registered get a message"))
    line = capfirst(dateformat.format(rule_start, "D j. n. Y H:i"))
    return f"{line} ({', '.join(str(fact) for fact in facts)}) — {', '.join(str(part) for part in outcome)}"


def _clock_or_day(moment, day_of):
    """'19:30' on the same Prague day as `day_of`, else 'čt 7. 1. 19:30'."""
    local = to_local(moment)
    return dateformat.format(local, "H:i" if local.date() == day_of.date() else "D j. n. H:i")
