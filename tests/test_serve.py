"""`make run` (scripts/serve.sh): the site's links follow the served host and port unless SITE_URL is set."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Stands in for the Python of the venv: writes the SITE_URL that each command (qcluster, runserver) got.
# runserver waits for the worker's file, so that the script's exit does not stop the worker first.
FAKE_PY = """#!/bin/sh
printf '%s' "${SITE_URL-unset}" > "$OUT/$2"
if [ "$2" = runserver ]; then
    for _ in $(seq 50); do [ -e "$OUT/qcluster" ] && exit 0; sleep 0.1; done
fi
"""


def serve(tmp_path, **env):
    fake = tmp_path / "python"
    fake.write_text(FAKE_PY)
    fake.chmod(0o755)
    base = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "HOST", "PORT"}}
    result = subprocess.run(
        ["sh", "scripts/serve.sh"], cwd=ROOT, capture_output=True, text=True, timeout=30,
        env={**base, "PY": str(fake), "OUT": str(tmp_path), **env},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {name: (tmp_path / name).read_text() for name in ("qcluster", "runserver")}


def test_links_follow_the_port_when_site_url_is_not_set(tmp_path):
    assert serve(tmp_path, PORT="8123") == {
        "qcluster": "http://127.0.0.1:8123", "runserver": "http://127.0.0.1:8123",
    }


def test_links_follow_the_host_and_port(tmp_path):
    assert serve(tmp_path, HOST="localhost", PORT="8124") == {
        "qcluster": "http://localhost:8124", "runserver": "http://localhost:8124",
    }


def test_a_site_url_that_is_set_is_kept(tmp_path):
    site = "https://spolu.plzen.example"
    assert serve(tmp_path, PORT="8123", SITE_URL=site) == {"qcluster": site, "runserver": site}
