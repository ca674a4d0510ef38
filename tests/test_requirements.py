"""The lockfiles that `make` installs from agree with the pins people edit."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\[\]-]+)==([^\s#;\\]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    """Each `name==version` of a requirements or lock file, names normalised."""
    found = {}
    for name, version in PIN.findall(path.read_text()):
        found[re.sub(r"[-_.]+", "-", name.split("[")[0]).lower()] = version
    for include in re.findall(r"^-r\s+(\S+)", path.read_text(), re.MULTILINE):
        found |= pins(path.parent / include)
    return found


@pytest.mark.parametrize("name", ["requirements", "requirements-dev", "requirements-bench"])
def test_the_lockfile_holds_every_top_level_pin_with_hashes(name):
    wanted = pins(ROOT / f"{name}.txt")
    lock_text = (ROOT / f"{name}.lock").read_text()
    locked = pins(ROOT / f"{name}.lock")
    stale = {n: (v, locked.get(n)) for n, v in wanted.items() if locked.get(n) != v}
    assert not stale, f"run `make lock`: {name}.lock differs from {name}.txt: {stale}"
    # Every locked package carries its hashes, so pip checks what it installs.
    lines = lock_text.splitlines()
    entries = [n for n, line in enumerate(lines) if PIN.match(line)]
    assert len(entries) == len(locked)
    assert all(lines[n + 1].strip().startswith("--hash=sha256:") for n in entries)
