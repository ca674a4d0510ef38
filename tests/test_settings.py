"""Settings are read from the environment; these run manage.py in a child process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_without_a_secret_key_in_debug():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    url = f"sqlite:///{tmp_path / 'wal.sqlite3'}"
    code = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])\n"
        "print(connection.transaction_mode)\n"
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0])\n"
    )
    result = run_manage("shell", "-c", code, SECRET_KEY="x", DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["wal", "IMMEDIATE", "20000"]


def test_a_misspelt_yes_no_setting_stops_start_up_and_names_the_variable():
    result = run_manage("check", SECRET_KEY="x", HTTPS="ture")
    assert result.returncode != 0
    assert "HTTPS='ture' is not a yes/no value" in result.stderr


def test_every_yes_no_and_number_setting_is_strict():
    for name, bad in [
        ("DEBUG", "maybe"),
        ("BEHIND_PROXY", "2"),
        ("STATIC_HASHED", "yes please"),
        ("EMAIL_USE_TLS", "tru"),
        ("AXES_FAILURE_LIMIT", "five"),
        ("AXES_COOLOFF_MINUTES", "-3"),
        ("EMAIL_PORT", "0"),
    ]:
        result = run_manage("check", SECRET_KEY="x", **{name: bad})
        assert result.returncode != 0, name
        assert f"{name}={bad!r}" in result.stderr, name


def test_the_usual_spellings_are_accepted():
    for value in ["1", "true", "Yes", "ON", "0", "false", "no", "off", ""]:
        result = run_manage("check", SECRET_KEY="x", DEBUG=value, HTTPS=value)
        assert result.returncode == 0, (value, result.stderr)


def test_the_media_storage_is_a_folder_in_the_checkout_unless_the_environment_names_another(
    tmp_path,
):
    code = (
        "from django.core.files.storage import storages\n"
        's = storages["default"]\n'
        "print(type(s).__name__, s.location)\n"
    )
    result = run_manage("shell", "-c", code, SECRET_KEY="x")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["FileSystemStorage", str(ROOT / "media")]

    options = json.dumps({"location": str(tmp_path), "file_permissions_mode": 0o600})
    storage = "django.core.files.storage.FileSystemStorage"
    code += "print(oct(s.file_permissions_mode))\n"
    env = {"MEDIA_STORAGE": storage, "MEDIA_STORAGE_OPTIONS": options}
    result = run_manage("shell", "-c", code, SECRET_KEY="x", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["FileSystemStorage", str(tmp_path), "0o600"]


def test_media_storage_options_that_are_not_a_json_object_stop_start_up():
    result = run_manage("check", SECRET_KEY="x", MEDIA_STORAGE_OPTIONS="bucket_name=pictures")
    assert result.returncode != 0
    assert "MEDIA_STORAGE_OPTIONS is not a JSON object" in result.stderr
