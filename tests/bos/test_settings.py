import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for the live server; a production process
    # never has it, and check --deploy rightly warns about it.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "bos.settings.production",
    "SECRET_KEY": "x" * 20 + "production-like-secret-for-the-check-only" + "y" * 20,
    "ALLOWED_HOSTS": "bos.example",
    "DATABASE_URL": "sqlite:////tmp/bos-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "STIPEND_ENCRYPTION_KEYS": "3q2-7wYhK8w1cX3b5z9QmP4rT6uV8yA0cE2gI4kM6oQ=",
    "STIPEND_HASH_KEY": "hash-key-for-the-deploy-check-only-0123456789abcdef",
    "MFA_ENCRYPTION_KEYS": "bWZhLWtleS1mb3ItdGhlLWRlcGxveS1jaGVjay1vbmw=",
}


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", ["1", "true"])
def test_debug_cannot_be_switched_on_in_production(value):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        **{**PRODUCTION, "DEBUG": value},
    )
    assert result.stdout.strip().endswith("False"), result.stderr


@pytest.mark.parametrize(("value", "kept"), [(None, "60 True"), ("0", "0 True")])
def test_production_keeps_database_connections(value, kept):
    env = dict(PRODUCTION) if value is None else {**PRODUCTION, "DB_CONN_MAX_AGE": value}
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        " print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        **env,
    )
    assert result.stdout.strip().endswith(kept), result.stderr


def test_dutch_language_and_amsterdam_time(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"


def test_the_suite_runs_under_test_settings(settings):
    # make test, .ci/run and a bare pytest must all use the test settings (locmem mail,
    # eager tasks, MFA and rate limits switched on only where a test asks for them).
    assert settings.SETTINGS_MODULE == "bos.settings.test"
