"""Settings come from the environment, with safe defaults and a refusal to run
in production with the development secret key."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'host': db.get('HOST', ''), 'options': db.get('OPTIONS', {}), "
    "'debug': settings.DEBUG, "
    "'hosts': settings.ALLOWED_HOSTS, 'media_root': str(settings.MEDIA_ROOT), "
    "'media_url': settings.MEDIA_URL}))"
)


def load_settings(tmp_path, module="bts_catalog.settings.base", **env):
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    clean_env.update(
        DJANGO_SETTINGS_MODULE=module, BTS_VAR_DIR=str(tmp_path / "var"), **env
    )
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_json(tmp_path, **env) -> dict:
    result = load_settings(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_are_sqlite_in_var_and_debug(tmp_path):
    loaded = settings_json(tmp_path)
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["name"] == str(tmp_path / "var" / "db.sqlite3")
    assert loaded["debug"] is True
    assert "127.0.0.1" in loaded["hosts"]


def test_database_url_switches_to_postgresql(tmp_path):
    loaded = settings_json(
        tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/catalogue"
    )
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "catalogue"
    assert loaded["host"] == "127.0.0.1"


def test_postgresql_connections_run_without_jit_unless_asked(tmp_path):
    # JIT compiling cost more than whole queries here (bts_catalog.settings.base).
    url = "postgres://postgres@127.0.0.1:5432/catalogue"
    loaded = settings_json(tmp_path, DATABASE_URL=url)
    assert loaded["options"]["options"] == "-c jit=off"
    loaded = settings_json(tmp_path, DATABASE_URL=f"{url}?options=-c%20work_mem%3D8MB")
    assert loaded["options"]["options"] == "-c work_mem=8MB -c jit=off"
    loaded = settings_json(tmp_path, DATABASE_URL=url, DATABASE_JIT="1")
    assert "options" not in loaded["options"]
    assert settings_json(tmp_path)["options"].get("options") is None  # SQLite


def test_media_and_hosts_are_configurable(tmp_path):
    loaded = settings_json(
        tmp_path,
        MEDIA_ROOT=str(tmp_path / "uploads"),
        MEDIA_URL="/uploads/",
        ALLOWED_HOSTS="bts.example.com, www.bts.example.com",
    )
    assert loaded["media_root"] == str(tmp_path / "uploads")
    assert loaded["media_url"] == "/uploads/"
    assert loaded["hosts"] == ["bts.example.com", "www.bts.example.com"]


@pytest.mark.parametrize(
    "secret", [None, "short", "django-insecure-bts-catalog-development-only"]
)
def test_debug_off_refuses_a_missing_or_weak_secret_key(tmp_path, secret):
    env = {"DEBUG": "0"}
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = load_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_off_with_a_real_secret_key_starts(tmp_path):
    loaded = settings_json(
        tmp_path, DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="bts.example.com"
    )
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["bts.example.com"]


def test_production_settings_turn_debug_off(tmp_path):
    result = load_settings(tmp_path, module="bts_catalog.settings.prod")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    loaded = settings_json(
        tmp_path,
        module="bts_catalog.settings.prod",
        SECRET_KEY="y" * 50,
        ALLOWED_HOSTS="bts.example.com",
    )
    assert loaded["debug"] is False


def test_a_malformed_boolean_is_reported(tmp_path):
    result = load_settings(tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_the_postgresql_connection_has_jit_off():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
