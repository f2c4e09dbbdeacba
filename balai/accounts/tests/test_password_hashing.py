"""Passwords are stored with Argon2 in production (tests use MD5 only for speed)."""

import importlib.util
from pathlib import Path

import balai

SETTINGS_FILE = Path(balai.__file__).with_name("settings.py")


def load_production_settings(monkeypatch, tmp_path):
    """Run the settings file again as a production process would see it."""
    monkeypatch.setenv("BALAI_TESTING", "0")
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "a-production-like-secret")
    monkeypatch.setenv("BALAI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("AXES_FAILURE_LIMIT", raising=False)
    spec = importlib.util.spec_from_file_location("production_settings", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_production_hashes_new_passwords_with_argon2(monkeypatch, tmp_path):
    production = load_production_settings(monkeypatch, tmp_path)
    assert production.TESTING is False
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_production_has_no_md5_hasher(monkeypatch, tmp_path):
    production = load_production_settings(monkeypatch, tmp_path)
    assert not any("MD5" in hasher for hasher in production.PASSWORD_HASHERS)


def test_axes_checks_every_sign_in_before_django_does(monkeypatch, tmp_path):
    production = load_production_settings(monkeypatch, tmp_path)
    assert production.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert production.AXES_FAILURE_LIMIT == 5
