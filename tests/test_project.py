"""The project as a newcomer and an operator meet it: settings, translations, commands."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **(env or {})},
    )


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env={"DEBUG": "0", "SECRET_KEY": "x" * 30 + "-a-real-long-random-secret-" + "y" * 30,
             "ALLOWED_HOSTS": "spolu.plzen.example", "SPOLU_VAR_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    result = run_manage("check", env={"DEBUG": "0", "SECRET_KEY": "", "SPOLU_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_every_czech_text_is_translated():
    with (ROOT / "locale/cs/LC_MESSAGES/django.po").open("rb") as source:
        catalog = read_po(source, locale="cs")
    untranslated = [m.id for m in catalog if m.id and (not m.string or not all(m.string) or m.fuzzy)]
    assert untranslated == []


def test_the_readme_starts_with_the_two_commands():
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:8]
    assert any(line.startswith("make run") for line in head)
    assert any(line.startswith("make test") for line in head)


@pytest.mark.django_db
def test_settings_default_to_prague_time_and_czech():
    from django.conf import settings

    assert settings.TIME_ZONE == "Europe/Prague" and settings.USE_TZ
    assert settings.LANGUAGE_CODE == "cs"
    assert "en" in dict(settings.LANGUAGES)
