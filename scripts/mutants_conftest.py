"""conftest.py of mutmut's copy (scripts/mutants.py puts it in mutants/<app>/mutants/): one migration, not one a mutant.

mutmut runs pytest once per mutant in a forked process. pytest-django would create and migrate a
test database each time (about ten seconds here, two with --reuse-db); instead the first run
migrates one database, and every later run works on its own copy of it, so a mutant whose
tests are killed half-way (a timeout) leaves nothing behind for the next one.
"""

import os
import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker):
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    var = Path(settings.BASE_DIR) / "var"
    var.mkdir(exist_ok=True)
    pristine = var / "mutants-pristine.sqlite3"
    mine = var / f"mutants-{os.getpid()}.sqlite3"

    def use(path):
        for connection in connections.all():
            connection.close()
            connection.settings_dict["NAME"] = str(path)
            settings.DATABASES[connection.alias]["NAME"] = str(path)

    if not pristine.exists():
        making = var / f"mutants-pristine-{os.getpid()}.sqlite3"
        use(making)
        with django_db_blocker.unblock():
            call_command("migrate", interactive=False, verbosity=0)
            connections["default"].cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        use(mine)
        making.replace(pristine)
    shutil.copyfile(pristine, mine)
    use(mine)
    yield
    for connection in connections.all():
        connection.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{mine}{suffix}").unlink(missing_ok=True)
