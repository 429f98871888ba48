"""The one query counter of the tests (tests/queries.py) is as strict as a count can be."""

import pytest

from events.models import Venue
from tests.queries import assert_same_count, count_queries


def test_the_count_is_the_number_of_queries_and_names_them(client, beseda):
    counted = count_queries(client, "/")
    assert counted == len(counted.sql) > 0 and counted.response.status_code == 200


def test_one_more_query_fails_and_lists_both_sets(client, beseda, monkeypatch):
    one = count_queries(client, "/", warm_up=True)  # the programme from the cache from now on
    original = client.get

    def with_an_extra_query(*args, **kwargs):
        Venue.objects.count()
        return original(*args, **kwargs)

    monkeypatch.setattr(client, "get", with_an_extra_query)
    many = count_queries(client, "/", warm_up=True)
    assert many == one + 1
    with pytest.raises(pytest.fail.Exception, match="N\\+1") as failed:
        assert_same_count(one, many, "The programme")
    assert 'FROM "events_venue"' in str(failed.value)


def test_a_page_that_is_not_what_was_expected_is_no_count(client, db):
    with pytest.raises(AssertionError):
        count_queries(client, "/no-such-page/")
