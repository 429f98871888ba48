"""With Redis down the site keeps working: the cache falls back to memory, the limits still count.

The cache points at a port where nothing listens, as when Redis has stopped.
"""

import pytest
from django.core.cache import caches
from django.test import override_settings

from config.cache import ResilientRedisCache
from registrations.models import Registration

DEAD_REDIS = {"default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}


@pytest.fixture
def redis_down(settings):
    with override_settings(CACHES=DEAD_REDIS):
        caches["default"].clear()  # the fallback starts empty, like a fresh process
        yield caches["default"]


def test_a_dead_redis_answers_from_memory_and_says_so_once(caplog):
    cache = ResilientRedisCache("redis://127.0.0.1:9/0", {})
    assert cache.get("programme") is None
    cache.set("programme", "page", 60)
    assert cache.get("programme") == "page" and cache.is_down
    assert cache.add("lock", 1) and not cache.add("lock", 1)
    assert caplog.text.count("Redis is down") == 1


def test_the_cache_goes_back_to_redis_when_it_returns(monkeypatch):
    cache = ResilientRedisCache("redis://127.0.0.1:9/0", {})
    cache.get("x")
    assert cache.is_down
    monkeypatch.setattr("config.cache.RETRY_AFTER_SECONDS", 0)
    cache._down_until = 0
    assert not cache.is_down


@pytest.mark.django_db
def test_pages_the_api_and_registration_keep_working(redis_down, client, dance):
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/occurrences/").status_code == 200
    response = client.post(f"/termin/{dance.pk}/prihlasit/", {
        "name": "Jana Nováková", "phone": "777 123 456", "email": "", "seats": "1", "consent": "on"})
    assert response.status_code == 302 and Registration.objects.count() == 1
    assert client.get(response["Location"]).status_code == 200
    assert isinstance(redis_down, ResilientRedisCache) and redis_down.is_down


@pytest.mark.django_db
def test_the_registration_limit_still_stops_a_script(redis_down, client, dance, settings):
    settings.SPOLU_REGISTRATION_THROTTLE = "3/hour"
    statuses = [client.post(f"/termin/{dance.pk}/prihlasit/", {
        "name": f"Robot {number}", "phone": f"60100000{number}", "email": "", "seats": "1", "consent": "on",
    }).status_code for number in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
