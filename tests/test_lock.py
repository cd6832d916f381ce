"""The environment the tests run in holds exactly the versions of requirements.lock."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import REPO

PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", re.MULTILINE)
INSTALLER = {"pip"}  # the venv's own installer is not a dependency


def canonical(name: str) -> str:
    """PEP 503 name: lower case, runs of '-', '_' and '.' as one '-'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_pins_every_package_with_hashes():
    text = (REPO / "requirements.lock").read_text()
    pins = PINNED.findall(text)
    assert len(pins) > 50
    assert text.count("==") == len(pins) and text.count("--hash=sha256:") >= len(pins)


def test_lock_equals_pip_freeze():
    lock = {canonical(name): version for name, version in PINNED.findall((REPO / "requirements.lock").read_text())}
    freeze = subprocess.run([sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
                            capture_output=True, text=True, check=True).stdout
    installed = {canonical(name): version for name, version in PINNED.findall(freeze)}
    for name in INSTALLER:
        installed.pop(name, None)
    assert installed == lock
