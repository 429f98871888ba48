"""Settings as an operator meets them: reading them writes nothing, and each SPOLU_* default is written once."""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The apps and the project package: what runs in the site and the worker (bench/ and faults/ read
# their own BENCH_* and FAULTS_* knobs from the environment, which are no settings of the site).
APP_CODE = ["accounts", "api", "awards", "config", "drives", "events", "jobs", "kernel", "messaging",
            "registrations", "volunteers"]
# (file, setting) pairs still repeating a default that config/settings.py defines, each waiting for
# the owner of its file; the test below fails once one is gone, so the list cannot go stale.
NOT_YET_READ_FROM_SETTINGS = set()


def manage(*args, var_dir):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "SPOLU_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)  # the SQLite default, whose file lives in SPOLU_VAR_DIR
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def test_reading_the_settings_creates_no_directory_and_the_first_connection_makes_the_databases(tmp_path):
    var_dir = tmp_path / "var"

    checked = manage("check", var_dir=var_dir)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert not var_dir.exists()

    connected = manage("shell", "-c", "from django.db import connection; connection.ensure_connection()",
                       var_dir=var_dir)
    assert connected.returncode == 0, connected.stdout + connected.stderr
    assert (var_dir / "spolu.sqlite3").is_file()
    assert not (var_dir / "staticfiles").exists()  # collectstatic makes it, in production


def _python_files():
    for top in APP_CODE:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts or path.relative_to(ROOT).as_posix() == "config/settings.py":
                continue
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _is_os_environ(node):
    return isinstance(node, ast.Attribute) and node.attr == "environ" and getattr(node.value, "id", "") == "os"


def _second_defaults(tree):
    """Names whose value is read here with a default of its own: getattr(settings, NAME, default),
    os.environ.get(NAME), os.environ[NAME], os.getenv(NAME)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            if (isinstance(function, ast.Name) and function.id == "getattr" and len(node.args) == 3
                    and getattr(node.args[0], "id", "") == "settings"):
                yield node.lineno, getattr(node.args[1], "value", "?")
            elif isinstance(function, ast.Attribute) and (
                (function.attr == "get" and _is_os_environ(function.value))
                or (function.attr == "getenv" and getattr(function.value, "id", "") == "os")
            ):
                yield node.lineno, getattr(node.args[0], "value", "?") if node.args else "?"
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value) and isinstance(node.ctx, ast.Load):
            yield node.lineno, getattr(node.slice, "value", "?")


def test_each_setting_is_read_from_the_settings_not_given_a_second_default():
    found = {(path, name): line for path, tree in _python_files() for line, name in _second_defaults(tree)}
    repeated = sorted(f"{path}:{line} reads {name} with a default of its own: use settings.{name}"
                      for (path, name), line in found.items() if (path, name) not in NOT_YET_READ_FROM_SETTINGS)
    assert repeated == []
    mended = sorted(pair for pair in NOT_YET_READ_FROM_SETTINGS if pair not in found)
    assert mended == [], f"mended, so take them off NOT_YET_READ_FROM_SETTINGS: {mended}"
