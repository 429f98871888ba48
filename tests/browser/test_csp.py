"""The Content-Security-Policy holds in a real browser, and the suite notices when a page breaks it.

Every other browser test fails on a violation (tests/browser/conftest.py, `no_csp_violations`);
this one proves that the check sees one.
"""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

INJECT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true";
    document.head.appendChild(script);
    document.querySelector("main").setAttribute("style", "color: red");
}"""


def test_an_injected_inline_script_or_style_does_nothing_and_is_noticed(page, dance, no_csp_violations):
    response = page.goto("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy

    page.evaluate(INJECT)

    assert page.evaluate("() => window.__injected") is None
    assert page.evaluate("() => getComputedStyle(document.querySelector('main')).color") != "rgb(255, 0, 0)"
    found = no_csp_violations.found()
    assert any("script-src" in violation for violation in found), found
    assert any("style-src" in violation for violation in found), found
    no_csp_violations.clear()  # expected here: the check after the test must not fail on them


def test_the_api_documentation_works_under_the_policy(page, dance):
    page.goto("/api/docs/")

    page.get_by_text("/api/v1/occurrences/").first.wait_for()


def test_the_series_form_in_the_admin_shows_only_the_choices_of_its_repetition(page, staff, oldies_goldies):
    """Its script moved from the template to static/js/series_admin.js and still runs."""
    staff.is_superuser = True
    staff.save()
    sign_in(page, staff, next=f"/admin/events/series/{oldies_goldies.pk}/change/")
    weekdays, months = page.locator(".form-row.field-weekdays"), page.locator(".form-row.field-months")

    page.locator('input[name="repeats"][value="weekly"]').check()
    assert weekdays.is_visible() and not months.is_visible()

    page.locator('input[name="repeats"][value="yearly"]').check()
    assert months.is_visible() and not weekdays.is_visible()


def test_every_admin_list_and_form_keeps_the_policy(page, staff, oldies_goldies):
    """Django's admin runs under the same policy as the site: no page of it needs inline script or style."""
    from django.contrib import admin

    staff.is_superuser = True
    staff.save()
    sign_in(page, staff, next="/admin/")
    for model in admin.site._registry:
        opts = model._meta
        for url in (f"/admin/{opts.app_label}/{opts.model_name}/", f"/admin/{opts.app_label}/{opts.model_name}/add/"):
            response = page.goto(url)
            assert response.status in (200, 403), (url, response.status)
