"""`make mutants`: mutmut over each app's rules with that app's tests, and the score it reached.

    python scripts/mutants.py                  every app, one after another
    python scripts/mutants.py registrations    one app (or several)
    python scripts/mutants.py --score          only print the score of what has run
    python scripts/mutants.py registrations --show    the diff of each surviving mutant
    python scripts/mutants.py registrations --check tests/registrations/test_new.py
                                               only the survivors, against only the tests named: a quick
                                               look at what new tests kill, in mutants/<app>.check/
    python scripts/mutants.py registrations --rerun 'registrations.services.x_cancel*'
                                               test those mutants again (after a new test)

The modules are [tool.mutmut] only_mutate in pyproject.toml (services, roles, door, feeds, contacts);
an app's mutants run against tests/<app>/ and [tool.spolu.mutants.extra_tests]. Each app runs in its
own mutants/<app>/ (links to the sources, and mutmut's copy in mutants/<app>/mutants/), so an app's
results stay when another app runs; a second run tests only the functions that changed.

The score is killed / (total - equivalent): a timeout counts as killed, a mutant no test calls as
survived. Equivalent mutants (no change of behaviour is possible) are listed with their reason in
docs/mutants-equivalent.md, one `- `name`: reason` line each.
"""

import fnmatch
import json
import os
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "mutants"
EQUIVALENT = ROOT / "docs" / "mutants-equivalent.md"
EXIT_KILLED = {1, 3, 24, -24, 152, 255, 36, 37}  # killed, pytest internal error, timeouts, type check
EXIT_SURVIVED = {0, 5, 33}  # survived, no tests collected, no test calls the function


def settings():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return data["tool"]["mutmut"], data["tool"]["spolu"]["mutants"]


def modules_by_app():
    config, _ = settings()
    found = {}
    for package in config["source_paths"]:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in name and any(fnmatch.fnmatch(name, p) for p in config["only_mutate"]):
                found.setdefault(package, []).append(name)
    return found


def tests_of(app):
    _, ours = settings()
    tests = [f"tests/{app}"] if (ROOT / "tests" / app).is_dir() else []
    return tests + [t for t in ours.get("extra_tests", {}).get(app, []) if (ROOT / t).is_dir()]


def prepare(app, work=None):
    """mutants/<app>/ with a link to every source and file the tests need."""
    config, _ = settings()
    work = work or WORK / app
    work.mkdir(parents=True, exist_ok=True)
    for name in config["source_paths"] + config["also_copy"] + ["tests", "pyproject.toml"]:
        link = work / name
        if not link.is_symlink() and (ROOT / name).exists():
            link.symlink_to(ROOT / name)
    return work


def run_app(app, rerun, check_tests=(), only="*"):
    """mutmut in mutants/<app>/, in its own process: mutmut keeps the imported mutants in memory."""
    modules = modules_by_app().get(app)
    if not modules:
        sys.exit(f"{app}: no module to mutate (apps: {', '.join(modules_by_app())})")
    work = prepare(app, WORK / f"{app}.check" if check_tests else None)
    if check_tests:
        rerun = sorted(name for name, (_module, code) in results(app).items()
                       if code in EXIT_SURVIVED and name not in equivalents() and fnmatch.fnmatch(name, only))
    tests = list(check_tests) or tests_of(app)
    print(f"== {app}: {', '.join(modules)} against {' '.join(tests)}", flush=True)
    started = time.monotonic()
    code = subprocess.call(
        [sys.executable, str(Path(__file__).resolve()), "--inside", app, *rerun], cwd=work,
        # SQLite: scripts/mutants_conftest.py copies one migrated database file for each mutant.
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "PYTHONDONTWRITEBYTECODE": "1",
             "SPOLU_MUTANTS_TESTS": " ".join(tests)},
    )
    seconds = round(time.monotonic() - started)
    if not rerun:
        (work / "seconds").write_text(f"{seconds}\n")
    print(f"== {app}: {seconds} s", flush=True)
    return code


def inside(app, rerun):
    """In mutants/<app>/: mutmut's configuration narrowed to this app, then `mutmut run`."""
    from mutmut import configuration
    from mutmut.__main__ import cli

    mutants = Path("mutants")
    mutants.mkdir(exist_ok=True)
    (mutants / "conftest.py").write_text((ROOT / "scripts" / "mutants_conftest.py").read_text())
    # Migrated again each run, so a rebase's new migration is in it.
    (mutants / "var" / "mutants-pristine.sqlite3").unlink(missing_ok=True)
    config = configuration._load_config()
    config.only_mutate = modules_by_app()[app]
    config.pytest_add_cli_args_test_selection = os.environ["SPOLU_MUTANTS_TESTS"].split()
    configuration._config = config
    cli(["run", "--max-children", "1", *rerun], prog_name="mutmut")


def equivalents():
    if not EQUIVALENT.exists():
        return {}
    found = {}
    for line in EQUIVALENT.read_text().splitlines():
        match = re.match(r"- `([^`]+)`: (.+)", line)
        if match:
            found[match[1]] = match[2]
    return found


def results(app):
    """{mutant name: (module, exit code)} from mutmut's mutants/<app>/mutants/**/*.py.meta; a survivor
    that `--check` saw killed in mutants/<app>.check/ counts as killed."""
    found = _results(WORK / app)
    for name, (module, code) in _results(WORK / f"{app}.check").items():
        if code in EXIT_KILLED and name in found and found[name][1] not in EXIT_KILLED:
            found[name] = (module, code)
    return found


def _results(work):
    found = {}
    for meta in (work / "mutants").glob("**/*.py.meta"):
        module = meta.relative_to(work / "mutants").as_posix()[: -len(".py.meta")]
        if module.startswith(("tests/", "mutants/")):
            continue
        data = json.loads(meta.read_text())
        for name, code in data.get("exit_code_by_key", {}).items():
            found[name] = (module + ".py", code)
    return found


def score(apps):
    equivalent = equivalents()
    rows, total = [], {"killed": 0, "survived": 0, "equivalent": 0, "unchecked": 0, "all": 0}
    survivors = []
    by_module = {}
    for app in apps:
        for name, (module, code) in results(app).items():
            by_module.setdefault(module, []).append((name, code))
    for module, mutants in sorted(by_module.items()):
        counts = {"killed": 0, "survived": 0, "equivalent": 0, "unchecked": 0, "all": len(mutants)}
        for name, code in mutants:
            if code in EXIT_KILLED:
                counts["killed"] += 1
            elif name in equivalent:
                counts["equivalent"] += 1
            elif code is None:
                counts["unchecked"] += 1
            else:
                counts["survived"] += 1
                survivors.append(name)
        for key in total:
            total[key] += counts[key]
        rows.append((module, counts))
    rows.append(("total", total))
    print(f"{'module':32} {'mutants':>7} {'killed':>6} {'equiv.':>6} {'surv.':>5} {'unrun':>5} {'score':>7}")
    for module, c in rows:
        counted = c["killed"] + c["survived"]
        percent = f"{100 * c['killed'] / counted:6.1f} %" if counted else "      -"
        print(f"{module:32} {c['all']:7} {c['killed']:6} {c['equivalent']:6} {c['survived']:5} {c['unchecked']:5} "
              f"{percent}")
    for app in apps:
        seconds = WORK / app / "seconds"
        if seconds.exists():
            print(f"{app}: last full run {seconds.read_text().strip()} s")
    if survivors:
        print(f"{len(survivors)} survived (scripts/mutants.py APP --show prints their diffs):")
        for name in sorted(survivors):
            print(f"  {name}")
    listed_but_killed = [n for n in equivalent if any(n in results(a) and results(a)[n][1] in EXIT_KILLED
                                                      for a in apps)]
    for name in listed_but_killed:
        print(f"  {name} is listed as equivalent in {EQUIVALENT.relative_to(ROOT)} but a test kills it")


def show(app):
    """The diff of each mutant of `app` that survived, as `mutmut show` prints it (run in mutants/<app>/)."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    equivalent = equivalents()
    for name, (module, code) in sorted(results(app).items()):
        if code in EXIT_SURVIVED and name not in equivalent:
            print(f"# {name}")
            print("\n".join(get_diff_for_mutant(name, path=module).splitlines()[2:]))


def main(argv):
    if argv[:1] == ["--inside"]:
        return inside(argv[1], argv[2:])
    if argv[:1] == ["--inside-show"]:
        return show(argv[1])
    if "--show" in argv:
        return sum(subprocess.call([sys.executable, str(Path(__file__).resolve()), "--inside-show", app],
                                   cwd=WORK / app) for app in argv if app != "--show")
    only_score = "--score" in argv
    argv = [a for a in argv if a != "--score"]
    if "--check" in argv:
        only = "*"
        if "--only" in argv:  # e.g. --only 'registrations.feeds.*': the survivors of one module
            only = argv[argv.index("--only") + 1]
            argv = argv[: argv.index("--only")] + argv[argv.index("--only") + 2:]
        at = argv.index("--check")
        code = 0
        for app in argv[:at]:
            code = run_app(app, [], check_tests=argv[at + 1:], only=only) or code
        score(argv[:at])
        return code
    rerun = argv[argv.index("--rerun") + 1:] if "--rerun" in argv else []
    apps = argv[: argv.index("--rerun")] if "--rerun" in argv else argv
    apps = apps or list(modules_by_app())
    code = 0
    if not only_score:
        for app in apps:
            code = run_app(app, rerun) or code
    score(apps)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
