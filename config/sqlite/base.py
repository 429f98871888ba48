"""Django's SQLite backend, which makes the database file's directory on the first connection.

Settings create no directory when they are read (a `manage.py check` or an import on a read-only
machine must not write): the directory under SPOLU_VAR_DIR appears when the site first opens its
database, for `migrate`, `runserver`, the worker or the test database alike.
"""

from pathlib import Path

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        name = conn_params["database"]
        if not self.creation.is_in_memory_db(name) and not str(name).startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
