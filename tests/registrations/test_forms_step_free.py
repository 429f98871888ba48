"""A person in a wheelchair learns before setting out that the venue has steps: on the form, beside
the wheelchair box, and on the ticket after ticking it."""

from events.models import Venue
from registrations.models import Registration

STEPS = "Schody do sálu, výtah zde není."
WARNING = "Bezbariérový přístup: ne — " + STEPS


def _with_steps(series):
    Venue.objects.filter(pk=series.venue_id).update(step_free_access=False, accessibility_note=STEPS)
    return series.occurrences.order_by("start")[0]


def test_the_form_warns_beside_the_wheelchair_box_when_the_venue_has_steps(client, oldies_goldies):
    occurrence = _with_steps(oldies_goldies)

    page = client.get(f"/termin/{occurrence.pk}/prihlasit/").content.decode()

    assert page.index(WARNING) < page.index('name="needs_wheelchair"')


def test_no_warning_where_the_entrance_is_step_free(client, oldies_goldies):
    Venue.objects.filter(pk=oldies_goldies.venue_id).update(step_free_access=True, accessibility_note=STEPS)
    occurrence = oldies_goldies.occurrences.order_by("start")[0]

    page = client.get(f"/termin/{occurrence.pk}/prihlasit/").content.decode()

    assert WARNING not in page


def test_the_ticket_of_a_wheelchair_user_repeats_the_warning(client, oldies_goldies):
    occurrence = _with_steps(oldies_goldies)
    response = client.post(f"/termin/{occurrence.pk}/prihlasit/", {
        "name": "Marie Dvořáková", "phone": "777 123 456", "seats": 1, "needs_wheelchair": "on", "consent": "on",
    }, follow=True)

    assert Registration.objects.get().needs_wheelchair
    assert WARNING in response.content.decode()


def test_the_ticket_of_someone_walking_has_no_warning(client, oldies_goldies):
    occurrence = _with_steps(oldies_goldies)
    response = client.post(f"/termin/{occurrence.pk}/prihlasit/", {
        "name": "Marie Dvořáková", "phone": "777 123 456", "seats": 1, "consent": "on",
    }, follow=True)

    assert Registration.objects.exists()
    assert WARNING not in response.content.decode()
