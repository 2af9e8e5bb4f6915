"""The systemd unit in deploy/: systemd accepts it without a warning, it has the hardening the
README promises, and it sets only settings the bot knows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "advocacy-bot.service"
INSTALLED_PYTHON = "/opt/advocacy-bot/.venv/bin/python"


def directives(text: str) -> dict[str, list[str]]:
    """Every `Key=value` of the unit, by key, in order (systemd allows a key more than once)."""
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, _, value = line.partition("=")
            found.setdefault(key.strip(), []).append(value.strip())
    return found


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None,
    reason="systemd-analyze is not installed (.ci/run installs it)",
)
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    # verify also checks that ExecStart's program exists: point it at this Python instead of
    # the one an installation puts in /opt.
    text = UNIT.read_text(encoding="utf-8")
    assert INSTALLED_PYTHON in text
    unit = tmp_path / UNIT.name
    unit.write_text(text.replace(INSTALLED_PYTHON, sys.executable), encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "" and done.stdout.strip() == "", "no warnings either"


def test_the_unit_is_hardened_and_sets_known_settings() -> None:
    found = directives(UNIT.read_text(encoding="utf-8"))
    for key, value in {
        "DynamicUser": "yes",
        "StateDirectory": "advocacy-bot",
        "ProtectSystem": "strict",
        "NoNewPrivileges": "yes",
        "PrivateTmp": "yes",
        "ProtectHome": "yes",
        "Restart": "on-failure",
        "EnvironmentFile": "/etc/advocacy-bot/env",
    }.items():
        assert found.get(key) == [value], key
    # The data folder is the state directory systemd creates and keeps for the bot.
    environment = dict(v.split("=", 1) for v in found["Environment"])
    assert environment["BOT_DATA_DIR"] == "/var/lib/advocacy-bot"
    aliases = {field.alias for field in Settings.model_fields.values()}
    unknown = {name for name in environment if name.startswith("BOT_")} - aliases
    assert not unknown, f"settings the bot does not read: {unknown}"
    assert "TELEGRAM_BOT_TOKEN" not in environment, "the token belongs in the root-only file"
    assert found["ExecStart"] == [f"{INSTALLED_PYTHON} -m bot run $BOT_RUN_ARGS"]
