"""Run parameters: explicit as-of date and seed, and secrets that never come from the repository."""

from __future__ import annotations

import stat
from datetime import date

import pytest

import harness
from harness.settings import Settings, secret

pytestmark = [pytest.mark.static]


@pytest.mark.req("NFR-SEC5", "CRM-6")
def test_generated_secrets_are_stable_per_machine_and_private(tmp_path, monkeypatch) -> None:
    """Without the environment variable a secret is generated once, kept 0600 outside git, and reused."""
    monkeypatch.setattr(harness, "STATE_DIR", tmp_path)
    monkeypatch.delenv("PROMPTSALES_MASTER_KEY_PASSWORD", raising=False)
    first, again = secret("master_key_password"), secret("master_key_password")
    assert first == again and len(first) >= 20
    assert stat.S_IMODE((tmp_path / "secrets.json").stat().st_mode) == 0o600


@pytest.mark.req("NFR-SEC5")
def test_an_environment_secret_wins_and_is_not_stored(tmp_path, monkeypatch) -> None:
    """A secret supplied at deploy time is used as is and never written to disk."""
    monkeypatch.setattr(harness, "STATE_DIR", tmp_path)
    monkeypatch.setenv("PROMPTSALES_CERT_BACKUP_PASSWORD", "Deploy-Time-Secret-42!")
    assert secret("cert_backup_password") == "Deploy-Time-Secret-42!"
    assert not (tmp_path / "secrets.json").exists()


@pytest.mark.req("OPS-5")
def test_settings_come_from_the_environment_and_reject_an_unknown_scale(monkeypatch) -> None:
    """Scale, as-of date and seed are explicit parameters; a wrong scale is a clear error."""
    monkeypatch.setenv("PROMPTSALES_SCALE", "small")
    monkeypatch.setenv("PROMPTSALES_AS_OF", "2025-12-31")
    monkeypatch.setenv("PROMPTSALES_SEED", "7")
    s = Settings.from_env()
    assert (s.scale, s.as_of, s.seed) == ("small", date(2025, 12, 31), 7)
    assert s.session_context()["promptsales.as_of"] == "2025-12-31"
    with pytest.raises(ValueError, match="scale must be"):
        Settings.from_env(scale="huge")
