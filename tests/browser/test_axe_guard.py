"""Every accessibility check loads axe-core through one guarded helper, so a machine with Chromium
but without `npm ci` runs the browser tests and skips only their axe checks, saying why."""

import re
from pathlib import Path

import pytest

from tests.browser import accessibility

TESTS = Path(__file__).resolve().parent.parent


class PageThatMustNotBeUsed:
    def evaluate(self, *args):
        raise AssertionError("axe-core is missing: the page must not be asked to run it")


def test_without_axe_core_the_check_skips_with_the_way_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(accessibility, "AXE_JS", tmp_path / "axe.min.js")
    monkeypatch.setattr("tests.conftest.REQUIRE_SERVICES", False)

    with pytest.raises(pytest.skip.Exception, match=r"axe-core is missing .*npm ci --prefix tests/browser"):
        accessibility.assert_accessible(PageThatMustNotBeUsed())


def test_without_axe_core_the_check_fails_in_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(accessibility, "AXE_JS", tmp_path / "axe.min.js")
    monkeypatch.setattr("tests.conftest.REQUIRE_SERVICES", True)

    with pytest.raises(pytest.fail.Exception, match="SPOLU_REQUIRE_SERVICES=1"):
        accessibility.assert_accessible(PageThatMustNotBeUsed())


def test_no_test_loads_axe_core_but_through_the_helper():
    loads_axe = re.compile(r"axe\.min\.js|axe-core/|AXE_JS|axe\.run\(")
    helper = Path(accessibility.__file__).resolve()
    elsewhere = sorted(
        f"{path.relative_to(TESTS)}:{number}"
        for path in TESTS.rglob("*.py") if "node_modules" not in path.parts and path.resolve() != helper
        and path.resolve() != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if loads_axe.search(line)
    )
    assert elsewhere == [], "load axe-core with tests.browser.accessibility.assert_accessible"
