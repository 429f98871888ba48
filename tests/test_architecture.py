"""docs/ARCHITECTURE.md stays true to the code: what it names exists, and the imports follow its arrows.

Every backticked file path (`events/feeds.py`) must exist and every backticked dotted name of this
repository (`registrations.services.register`) must import; the fenced `arrows` block says which
packages each package may import, and an AST scan of every import in the code (inside functions
too; migrations and tests aside) fails on one that runs another way.
"""

import ast
import importlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"
# Runtime directories the doc names (made by the site, not in the repository).
RUNTIME = ("var/",)
# Modules of an app that must not import the pages or the API (the arrows inside an app).
INNER = {"models.py", "services.py", "selectors.py", "tasks.py"}
PAGES_AND_API = re.compile(r"(^|_)(views|forms|serializers|urls|admin)$")


def doc_text():
    return DOC.read_text(encoding="utf-8")


def packages():
    """The repository's top-level Python packages, tests aside."""
    return sorted(p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file() and p.name != "tests")


def code_spans(text):
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.findall(r"`([^`\n]+)`", text)


def arrows(text):
    """{package: set of allowed imports, or None for anything}, and the packages marked planned."""
    block = re.search(r"```arrows\n(.*?)```", text, flags=re.S)
    assert block, "docs/ARCHITECTURE.md has no ```arrows block"
    allowed, planned = {}, set()
    for line in block.group(1).splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        source, _, targets = line.partition("->")
        source = source.strip()
        if "(planned)" in targets:
            planned.add(source)
            targets = targets.replace("(planned)", "")
        names = {name.strip() for name in targets.split(",") if name.strip()}
        allowed[source] = None if names == {"*"} else names
    return allowed, planned


def imports_of(path):
    """(line, dotted name) of each absolute import; `from a import b` gives a.b."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def code_files(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts and "tests" not in path.relative_to(ROOT).parts:
            yield path


def wrong_way_imports(allowed, present):
    found = []
    for package in present:
        permitted = allowed.get(package)
        if permitted is None:
            continue
        for path in code_files(package):
            for line, name in imports_of(path):
                top = name.split(".")[0]
                if top == package or top not in present:
                    continue
                if not any(name == entry or name.startswith(entry + ".") for entry in permitted):
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {name}: {package} may import only "
                                 f"{', '.join(sorted(permitted)) or 'no other package'}")
    return found


def test_every_package_has_its_arrows_and_only_planned_ones_are_missing():
    allowed, planned = arrows(doc_text())
    present = set(packages())
    assert sorted(present - set(allowed)) == [], "add a line to the arrows of docs/ARCHITECTURE.md"
    assert sorted(set(allowed) - present - planned) == [], "a package in the arrows that does not exist"
    for permitted in allowed.values():
        for entry in permitted or ():
            assert entry.split(".")[0] in present | planned, f"the arrows allow {entry}, which does not exist"


def test_the_imports_follow_the_arrows():
    allowed, _planned = arrows(doc_text())
    assert wrong_way_imports(allowed, set(packages())) == []


def test_models_services_selectors_and_tasks_do_not_import_pages_or_the_api():
    present = set(packages())
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for package in present for path in code_files(package) if path.name in INNER
        for line, name in imports_of(path)
        if name.split(".")[0] in present and any(PAGES_AND_API.search(part) for part in name.split(".")[1:])
    ]
    assert found == []


def test_a_wrong_way_import_is_caught(tmp_path, monkeypatch):
    """The scan itself: events importing registrations (the ground floor reaching up) is reported."""
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "__init__.py").write_text("")
    (tmp_path / "events" / "feeds.py").write_text(
        "from kernel.refusals import Refusal\n\ndef f():\n    from registrations.models import Person\n"
    )
    monkeypatch.setattr("tests.test_architecture.ROOT", tmp_path)
    allowed, _planned = arrows(doc_text())

    found = wrong_way_imports(allowed, {"events", "registrations", "kernel"})

    assert found == ["events/feeds.py:4 imports registrations.models.Person: events may import only jobs, kernel"]


def _resolve(dotted):
    """Import the longest module prefix of `dotted`, then follow the attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError as error:
            if error.name and not ".".join(parts[:cut]).startswith(error.name):
                raise
            continue
        for attribute in parts[cut:]:
            target = getattr(target, attribute)
        return target
    raise ModuleNotFoundError(dotted)


def named_things(text):
    """The file paths and the dotted names of this repository in the doc's code spans."""
    roots = set(packages()) | {"tests"}
    _allowed, planned = arrows(text)
    paths, dotted, settings_names = set(), set(), set()
    for span in code_spans(text):
        span = span.strip()
        # Commands, addresses and assignments (`make run`, `/health/`, `REDIS_URL=redis://…`) name no file.
        if " " in span or span.startswith("/") or "=" in span:
            continue
        if "/" in span:
            if not span.startswith(RUNTIME) and span.split("/")[0] not in planned:
                paths.add(span)
            continue
        name = span.split("(")[0]
        if re.fullmatch(r"[A-Z][A-Z0-9_]+", name):
            settings_names.add(name)
        elif re.fullmatch(r"[a-z_][\w]*(\.\w+)+", name) and name.split(".")[0] in roots:
            dotted.add(name)
        elif re.fullmatch(r"[a-z_]+", name) and (ROOT / name).is_dir():
            paths.add(name + "/")
    return sorted(paths), sorted(dotted), sorted(settings_names)


def test_the_doc_names_things_that_exist():
    paths, dotted, _settings_names = named_things(doc_text())
    assert len(paths) > 20 and len(dotted) > 80, "the doc's names were not found: has its format changed?"
    missing = [path for path in paths if not (ROOT / path.rstrip("/")).exists()]
    assert missing == []
    unimportable = []
    for name in dotted:
        try:
            _resolve(name)
        except (ImportError, AttributeError) as error:
            unimportable.append(f"{name}: {error}")
    assert unimportable == []


def test_the_settings_and_variables_the_doc_names_are_the_sites():
    _paths, _dotted, names = named_things(doc_text())
    where = (ROOT / "config" / "settings.py").read_text(encoding="utf-8") + (
        ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert [name for name in names if name not in where] == []

