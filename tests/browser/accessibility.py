"""Checks a keyboard or screen-reader user depends on, shared by every browser test.

`assert_accessible(page)` runs axe-core (pinned in tests/browser/package.json, installed
by `make test` or `npm ci --prefix tests/browser`) in the page and fails on serious or critical
violations, listing each rule with the elements it found. It is the only way the tests load axe:
without axe-core the test skips there with the reason (and fails when SPOLU_REQUIRE_SERVICES=1),
so a machine with Chromium but no node_modules still runs everything else a browser test checks.
"""

from functools import cache
from pathlib import Path

from tests.conftest import skip_or_fail

AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")

# Used by `assert_focus_visible`: a focused element must be marked by an outline or a ring.
_FOCUS_STYLE_JS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        text: (element.innerText || element.value || "").trim().slice(0, 40),
        focusVisible: element.matches(":focus-visible"),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
    };
}"""


@cache
def _read(path):
    return path.read_text(encoding="utf-8")


def axe_source():
    """axe-core's script; skips the test (or fails it in CI) when it is not installed."""
    if not AXE_JS.is_file():
        skip_or_fail(f"axe-core is missing at {AXE_JS} (run `make test`, or: npm ci --prefix tests/browser)")
    return _read(AXE_JS)


def assert_accessible(page, *, context=None, options=None):
    """Run axe-core on the page as it is now; fail listing serious and critical violations."""
    source = axe_source()
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's DevTools, not as a <script> tag, which the page's CSP refuses.
        page.evaluate(source)
    results = page.evaluate(
        "async ([context, options]) => await axe.run(context || document, options || {})",
        [context, options],
    )
    blocking = [rule for rule in results["violations"] if rule["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found on {page.url}:\n" + describe_violations(blocking)
    return results


def describe_violations(violations):
    lines = []
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        for node in rule["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {node.get('failureSummary', '').replace(chr(10), ' ')}")
    return "\n".join(lines)


def focused_element(page):
    return page.evaluate(_FOCUS_STYLE_JS)


def assert_focus_visible(page):
    """The element that has the keyboard focus shows it (an outline, not `outline: none`)."""
    focused = focused_element(page)
    assert focused is not None, "nothing has the keyboard focus"
    # The computed style, not `:focus-visible`: inside a date field the focus can sit on its
    # calendar button, where only the field's `:focus-within` can draw the ring.
    visible_outline = focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2
    assert visible_outline, f"the focus is not visible on {focused}"
    return focused


def tab_to(page, selector, *, max_presses=40):
    """Press Tab (checking the focus is visible at every stop) until `selector` has the focus."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if page.evaluate("(sel) => document.activeElement === document.querySelector(sel)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {max_presses} presses of Tab")
