"""One reading of a row id for every address, form and JSON body (kernel.ids)."""

import pytest

from kernel.ids import MAX_ID, as_id


@pytest.mark.parametrize(("sent", "read"), [
    ("1", 1), ("42", 42), (42, 42), (" 7 ", 7), (str(MAX_ID), MAX_ID),
    ("0", None), ("-1", None), ("+5", None), ("5_0", None), ("٥", None), ("1.0", None), ("", None), (None, None),
    (str(MAX_ID + 1), None), ("9" * 40, None), ("1e3", None),
])
def test_an_id_is_plain_digits_from_one_to_the_largest_bigint(sent, read):
    assert as_id(sent) == read


@pytest.mark.parametrize("path", ["/api/v1/occurrences/%s/", "/api/v1/series/%s/"])
@pytest.mark.parametrize("sent", ["٥", "+1", str(MAX_ID + 1)])
def test_the_api_answers_an_impossible_id_with_its_json_404(api, db, path, sent):
    response = api.get(path % sent)

    assert response.status_code == 404
    assert response.json()["code"]
