"""Who may open which staff page: the anonymous sign in, an organizer sees only their own series.

A date of another organizer's series answers exactly like a missing one (404), and nothing changes.
"""

import pytest

from registrations.models import Registration
from registrations.services import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def b_registrations(nedam_se):
    """Two people for the next Nedám se! workshop (organizer B): one confirmed, one waiting."""
    occurrence = nedam_se.occurrences.order_by("start").first()
    occurrence.capacity = 1
    occurrence.save(update_fields=["capacity"])
    return [
        register(occurrence, name=name, phone=phone, source=Registration.Source.STAFF).registration
        for name, phone in (("Olga Potvrzená", "601000001"), ("Pavel Čekající", "601000002"))
    ]


def pages_of(registration):
    date = f"/sprava/termin/{registration.occurrence_id}/"
    action = f"{date}prihlaska/{registration.pk}/"
    return [
        ("get", date, {}), ("get", f"{date}export.csv", {}), ("get", f"/sprava/prihlaska/{registration.pk}/", {}),
        ("get", f"{action}zrusit/", {}), ("post", f"{action}zrusit/", {}),
        ("post", f"{action}posunout/", {"reason": "Prosím"}),
        ("get", f"{action}novy-kod/", {}), ("post", f"{action}novy-kod/", {}),
    ]


def unchanged(registrations):
    return [
        (r.status, r.code, r.occurrence.seats_taken, r.occurrence.capacity)
        for r in Registration.objects.filter(pk__in=[r.pk for r in registrations]).select_related("occurrence")
        .order_by("pk")
    ]


def test_anonymous_visitors_are_sent_to_the_login(client, b_registrations):
    before = unchanged(b_registrations)
    for registration in b_registrations:
        for method, url, data in [("get", "/sprava/", {}), ("get", "/sprava/prihlasit/", {}),
                                  ("post", "/sprava/prihlasit/", {"name": "X"}), *pages_of(registration)]:
            response = getattr(client, method)(url, data)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/prihlaseni/?next=/sprava/"), url
    assert unchanged(b_registrations) == before


@pytest.mark.parametrize("persona", ["organizer_a", "stranger"])
def test_someone_else_s_dates_answer_404_and_nothing_changes(client, request, persona, dance, b_registrations):
    client.force_login(request.getfixturevalue(persona))
    before = unchanged(b_registrations)
    for registration in b_registrations:
        for method, url, data in pages_of(registration):
            assert getattr(client, method)(url, data).status_code == 404, (method, url)
    assert unchanged(b_registrations) == before


def test_an_organizer_cannot_register_people_for_someone_else_s_date(client, organizer_a, dance, b_registrations):
    client.force_login(organizer_a)
    other_date = b_registrations[0].occurrence
    response = client.post("/sprava/prihlasit/", {"occurrence": other_date.pk, "name": "Jana", "phone": "777123456",
                                                  "seats": "1"})
    assert response.status_code == 400 and "occurrence" in response.context["form"].errors
    assert Registration.objects.count() == 2


def test_the_organizer_of_the_series_and_department_staff_may_open_it(client, organizer_b, staff, b_registrations):
    olga, pavel = b_registrations
    for user in (organizer_b, staff):
        client.force_login(user)
        for method, url, _data in pages_of(olga):
            if method == "get":
                assert client.get(url).status_code == 200, (user, url)
    client.force_login(organizer_b)
    assert client.post(f"/sprava/termin/{pavel.occurrence_id}/prihlaska/{pavel.pk}/posunout/",
                       {"reason": "Místo se našlo"}).status_code == 302
    assert Registration.objects.get(pk=pavel.pk).is_confirmed


def test_an_organizer_does_not_see_another_organizer_s_dates_on_the_staff_home(client, organizer_a, dance,
                                                                              b_registrations):
    client.force_login(organizer_a)
    page = client.get("/sprava/").content.decode()
    assert f"/sprava/termin/{b_registrations[0].occurrence_id}/" not in page
    assert f"/sprava/termin/{dance.pk}/" in page
