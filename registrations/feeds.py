"""A person's own dates as a private calendar feed, and a new private address when the old one leaked.

/feeds/me/<token>.ics lists the person's live registrations: confirmed ones as CONFIRMED,
waiting-list ones as TENTATIVE, and a date the department cancelled with STATUS:CANCELLED,
so it stays visible, struck through, where the client shows such events. Each registration is
a VEVENT of its own (UID per registration), built with the programme's blocks in events.ical.
Nothing else about the person goes out: no name, no phone, no e-mail.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import ical
from events.feeds import Feed, content_since, feed_response, refusal

from . import services
from .models import Person


def personal_feed(request, token):
    """The feed is `private, no-cache` (see events.feeds.feed_response), not no-store: a calendar app keeps
    its copy anyway and asks again with If-None-Match, and the answer holds no name or contact."""
    person = Person.objects.filter(feed_token=token, anonymised_at__isnull=True).first()
    if person is None:
        response = refusal(
            _("This calendar address does not work any more. Open your “My events” page for the current one."),
            status=404,
        )
        add_never_cache_headers(response)
        return response
    registrations = list(
        person.registrations.live()
        .select_related("occurrence__series__venue", "occurrence__venue")
        .prefetch_related("occurrence__series__audiences")
        .order_by("occurrence__start", "pk")
    )
    feed = build_personal_feed(person, registrations)
    # A registration cancelled leaves the feed without a newer DTSTAMP: Last-Modified must still move.
    key = services.personal_feed_history_key(person.pk, translation.get_language())
    feed = feed.since(content_since(key, feed.etag, feed.last_modified))
    return feed_response(request, feed, private=True, filename="moje-akce.ics")



def build_personal_feed(person, registrations):
    calendar = ical.feed_calendar(
        str(_("My events")), uid=ical.uid("person", person.pk), description=settings.SPOLU_DEPARTMENT_NAME,
    )
    stamps = []
    for registration in registrations:
        event = registration_event(registration)
        calendar.add_component(event)
        stamps.append(event.DTSTAMP)
    return Feed.of(calendar, max(stamps, default=None))


def registration_event(registration):
    occurrence = registration.occurrence
    series = occurrence.series
    place = occurrence.place
    ticket_url = ical.absolute(registration.get_absolute_url())
    if occurrence.is_cancelled:
        status, summary = "CANCELLED", _("Cancelled: %(title)s") % {"title": series.title}
    elif registration.is_waitlisted:
        status, summary = "TENTATIVE", _("Waiting list: %(title)s") % {"title": series.title}
    else:
        status, summary = "CONFIRMED", series.title
    first_lines = ical.change_lines(occurrence)
    if registration.is_waitlisted and not occurrence.is_cancelled:
        first_lines.append(str(_("On the waiting list")))
    seats = registration.seats
    first_lines.append(ngettext("%(seats)s place", "%(seats)s places", seats) % {"seats": seats})
    return ical.vevent(
        uid=ical.uid("registration", registration.pk),
        stamp=max(registration.updated_at, occurrence.updated_at, series.updated_at, place.updated_at),
        start=occurrence.start,
        end=occurrence.end,
        summary=summary,
        status=status,
        place=place,
        # Being moved up from the waiting list is a change too (TENTATIVE → CONFIRMED).
        sequence=series.sequence + occurrence.sequence + int(registration.is_confirmed),
        description=ical.event_description(
            series, place, first_lines=first_lines, url=ticket_url, about_registration=False,
        ),
        url=ticket_url,
        categories=[audience.name for audience in series.audiences.all()],
    )


@never_cache
@require_POST
def renew_token(request, token):
    """A new private address for "My events" and the calendar; the old ones answer 404 from now on."""
    person = get_object_or_404(Person, token=token, anonymised_at__isnull=True)
    renewal = services.renew_token(person)
    messages.success(request, _("Your private address is new. The old address of this page no longer works."))
    messages.info(request, _("The address of your calendar is new too: subscribe to the calendar again with the"
                             " new one below, and remove the old one."))
    if renewal.tickets:
        count = len(renewal.tickets)
        messages.warning(request, ngettext(
            "Your ticket has a new code; the old one no longer lets anyone in. Print it again or show it on your"
            " phone.",
            "Your %(count)s tickets have new codes; the old ones no longer let anyone in. Print them again or show"
            " them on your phone.", count) % {"count": count})
    if renewal.person.email:
        messages.info(request, _("We sent the new address to your e-mail."))
    return redirect(reverse("registrations:my_events", kwargs={"token": renewal.person.token}))
