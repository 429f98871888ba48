"""The demo programme of `make run`, as a citizen subscribes to it, in every parser.

`seed_demo` holds what the department really runs: a week-number festival (Senioři baví
seniory), weekly dances, courses, drives' collection hours. Thirteen months of its feed must
equal the API in each parser, as for the year and the hard cases of test_calendar_apps.

The demo's series begin before today, so a rule's dates of today that ended before the demo was
made have no row (the past is never made afterwards), while the feed's rule still gives them to a
calendar, as what happened. Only dates that had not ended when the feed was read are compared.
"""

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.interop.parsers import PARSERS, differences, expand, from_the_api, in_prague

FEED = "/feeds/program.ics"
# The mark makes pytest-django create the test database: without a marked test in the run, the
# module's fixture would write the demo into the development database.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_feed_and_api(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115 (closed with the process)
            client = Client()
            read_at = in_prague(timezone.now())
            found = client.get(FEED).content, from_the_api(client), read_at
            transaction.set_rollback(True)
    return found


def not_ended_at(dates, moment):
    return [(title, start, end) for title, start, end in dates if end > moment]


@pytest.mark.parametrize("parser", PARSERS)
def test_every_parser_expands_the_demo_programme_the_api_lists(parser, demo_feed_and_api):
    body, api, read_at = demo_feed_and_api
    assert any(title == "Senioři baví seniory" for title, _start, _end in api)

    found = differences(not_ended_at(expand(parser, body), read_at), not_ended_at(api, read_at))

    assert not found, f"{parser}:\n  " + "\n  ".join(found)
