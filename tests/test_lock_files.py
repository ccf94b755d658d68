"""The two lock files pin the same packages at the same versions with the same hashes.

`requirements.txt` is what `make run` and `make test` install (every platform's hashes);
`pylock.toml` (PEP 751) states the same pins for tools that read the standard format. A
dependency added to one and not the other would make the two installs differ, so a drift
fails here; `make lock` writes both.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements() -> dict[str, tuple[str, set[str]]]:
    """Each pinned package of requirements.txt: its version and the hashes it accepts."""
    pins: dict[str, tuple[str, set[str]]] = {}
    current = None
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = _normal(match.group(1))
            pins[current] = (match.group(2), set())
        if current is not None:
            pins[current][1].update(HASH.findall(line))
    return pins


def test_pylock_pins_what_requirements_pins() -> None:
    lock = tomllib.loads((ROOT / "pylock.toml").read_text())
    assert lock["lock-version"] == "1.0"
    required = _requirements()
    locked = {_normal(p["name"]): p for p in lock["packages"]}
    assert sorted(locked) == sorted(required)
    for name, package in locked.items():
        version, hashes = required[name]
        assert package["version"] == version, name
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert files, f"{name}: no file locked"
        for file in files:
            assert file["url"].startswith("https://"), f"{name}: {file['url']}"
            assert file["hashes"]["sha256"] in hashes, f"{name}: {file['name']}"
