"""Real Chromium (Debian's, not Playwright's download) against pytest-django's live server.

One browser per test module; each test gets a fresh context (no cookies, Czech locale) and
a page whose relative addresses go to the live server. Without /usr/bin/chromium these tests
skip on a laptop and fail in CI (SPOLU_REQUIRE_SERVICES=1); without axe-core (npm) only the
accessibility check skips, in tests.browser.accessibility.assert_accessible.

A signed-in role always comes in through the sign-in page (`sign_in`), as a person does:
never with a session made behind the page's back.

Every browser context a test opens (the `page` fixture's, or a test's own, like the door
scanner's with its fake camera) reports what the Content-Security-Policy blocked; a test whose
pages broke the policy fails (`no_csp_violations`).
"""

from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from tests.conftest import skip_or_fail

CHROMIUM = Path("/usr/bin/chromium")
TEST_PASSWORD = "heslo-pro-testy"  # tests.conftest.make_user
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def _django_orm_beside_playwright():
    # Playwright's sync API keeps an asyncio loop running in the test thread, so Django
    # would refuse ORM calls from fixtures and tests. They are plain synchronous calls and
    # the loop is idle while they run, so the check is switched off for browser modules only.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


# Runs in every document before its own scripts (CDP init scripts are not subject to the page's CSP).
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__spoluCspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile || document.URL}`
        + `:${event.lineNumber} ("${(event.sample || "").slice(0, 60)}")`
    );
});
"""


def watch_csp(context):
    """The violations of the CSP in `context`'s pages, as a list that fills while the pages run."""
    violations = []

    def report(text):
        violations.append(text)

    context.expose_function("__spoluCspViolation", report)
    context.add_init_script(_REPORT_CSP_VIOLATIONS)
    context.on("console", lambda message: (
        violations.append(message.text) if "Content Security Policy" in message.text else None
    ))
    return violations


class CspViolations:
    """What the CSP blocked in every context opened during one test."""

    def __init__(self):
        self.watched = []

    def watch(self, context):
        self.watched.append((context, watch_csp(context)))

    def found(self):
        for context, _violations in self.watched:
            # Let reports still on their way arrive before looking.
            for open_page in context.pages[:1]:
                try:
                    open_page.wait_for_timeout(100)
                except Exception:  # noqa: BLE001 - the browser is closed: nothing more can arrive
                    pass
        return sorted({violation for _context, violations in self.watched for violation in violations})

    def clear(self):
        for _context, violations in self.watched:
            violations.clear()


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Fail the test if any page it opened broke the Content-Security-Policy (inline script or style...)."""
    seen = CspViolations()
    try:
        from playwright.sync_api import Browser
    except ImportError:
        yield seen
        return
    original = Browser.new_context

    def new_context(self, *args, **kwargs):
        context = original(self, *args, **kwargs)
        seen.watch(context)
        return context

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Browser, "new_context", new_context)
        yield seen
    found = seen.found()
    assert not found, "the Content-Security-Policy blocked:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def browser(_django_orm_beside_playwright):
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright Python package is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="cs-CZ", base_url=live_server.url, viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, user, password=TEST_PASSWORD, *, next=None):
    """Type the user name and password into /prihlaseni/ and press the button; returns the page."""
    username = getattr(user, "username", user)
    page.goto("/prihlaseni/" + (f"?next={quote(next)}" if next else ""))
    page.get_by_label("Uživatelské jméno").fill(username)
    page.get_by_label("Heslo").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Přihlásit se", exact=True).click()
    assert urlparse(page.url).path != "/prihlaseni/", f"{username} could not sign in: " + (
        page.locator("main").inner_text())
    return page
