"""Run the benchmarks in bench/ against a throwaway database and print their figures.

    .venv/bin/python bench/run.py            # every benchmark (what `make bench` does)
    .venv/bin/python bench/run.py programme  # only bench/programme.py

A benchmark is a module here whose name does not start with "_" and which has `run()`.
Each starts from an empty, migrated database and seeds what it needs. Nothing here passes or
fails: the figures are for people to read, and the exit status is 0 unless something crashes.

The developer's data is never touched: SPOLU_VAR_DIR points at a temporary directory, and the
database is created and dropped the way the test runner does it (a SQLite file in that
directory; or, with DATABASE_URL=postgres://..., a separate "bench_<name>" database, which
needs the CREATEDB privilege). BENCH_ITERATIONS and BENCH_WARMUP set how many requests run.
"""

import importlib
import os
import pkgutil
import platform
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def main(selected):
    # Run as a script, Python puts bench/ itself first on the path; the project root is wanted.
    sys.path[:] = [str(ROOT)] + [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH_DIR]
    names = [
        info.name for info in pkgutil.iter_modules([str(BENCH_DIR)])
        if not info.name.startswith("_") and info.name != "run"
    ]
    unknown = set(selected) - set(names)
    if unknown:
        sys.exit(f"No such benchmark: {', '.join(sorted(unknown))}. Available: {', '.join(names)}")
    names = [name for name in names if not selected or name in selected]

    with tempfile.TemporaryDirectory(prefix="spolu-bench-") as var_dir:
        (Path(var_dir) / "staticfiles").mkdir()
        os.environ["SPOLU_VAR_DIR"] = var_dir
        os.environ["DEBUG"] = "1"  # see bench/_settings.py, which turns it off again
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench._settings"
        os.environ.setdefault("LOG_LEVEL", "WARNING")

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        started = time.perf_counter()
        original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        print(f"Spolu benchmarks — Python {platform.python_version()}, Django {django.get_version()},"
              f" {connection.vendor} ({connection.settings_dict['NAME']}), {os.cpu_count()} CPUs;"
              f" database ready in {time.perf_counter() - started:.1f} s")
        try:
            for name in names:
                module = importlib.import_module(f"bench.{name}")
                print(f"\n== {name}: {(module.__doc__ or '').strip().splitlines()[0]}")
                started = time.perf_counter()
                module.run()
                print(f"  ({name} took {time.perf_counter() - started:.1f} s)")
                call_command("flush", interactive=False, verbosity=0)
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
