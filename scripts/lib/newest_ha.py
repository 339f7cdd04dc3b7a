"""Find the newest Home Assistant this Python can install and the test harness made for it.

Run with the Python of the environment under test (scripts/test-matrix runs it inside the
Debian chroot): pip only offers releases whose Requires-Python this interpreter meets, so
"newest" means newest *installable here*. pytest-homeassistant-custom-component pins one exact
homeassistant per release (betas too); its releases are read newest first until one pins a
release this Python installs (each wheel's METADATA, downloaded without dependencies; a few kB
each). That is the newest Home Assistant unless its harness release is not out yet: then the
newest one that has a harness is tested, with a note. `--ha` asks for an exact version.

Prints one line, `HA_VERSION PHCC_VERSION`, on stdout; notes go to stderr. Exit status 1 with a
clear message when nothing matches.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

PHCC = "pytest-homeassistant-custom-component"
MAX_WHEELS = 20
TRIES = 3  # a failed PyPI request is retried (pip retries each connection on its own too)


def pip(*args: str) -> str:
    """Run this interpreter's pip quietly; return its stdout. Retried; its error shown."""
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    for attempt in range(1, TRIES + 1):
        done = subprocess.run(cmd, check=False, capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout
        print(
            f"newest_ha: pip {' '.join(args)} failed (attempt {attempt} of {TRIES}):\n"
            f"{done.stderr.strip()[-1500:]}",
            file=sys.stderr,
        )
        if attempt < TRIES:
            time.sleep(20 * attempt)
    raise SystemExit(f"newest_ha: pip {' '.join(args)} kept failing; is PyPI reachable?")


def versions(package: str, *extra: str) -> list[str]:
    """Released versions (no pre-releases), newest first, as `pip index versions` lists them."""
    out = pip("index", "versions", package, *extra)
    match = re.search(r"^Available versions: (.+)$", out, re.MULTILINE)
    if match is None:
        raise SystemExit(f"newest_ha: no versions of {package} found:\n{out}")
    return [v.strip() for v in match.group(1).split(",")]


def pinned_homeassistant(phcc_version: str, scratch: Path) -> str | None:
    """The homeassistant version a harness release pins (None when it pins none)."""
    folder = scratch / phcc_version
    pip("download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", str(folder),
        f"{PHCC}=={phcc_version}")  # fmt: skip
    wheel = next(folder.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode()
    match = re.search(r"^Requires-Dist: homeassistant==(\S+)\s*$", metadata, re.MULTILINE)
    return match.group(1) if match else None


def as_tuple(version: str) -> tuple[int, ...]:
    """'2026.2.3' -> (2026, 2, 3), for ordering."""
    return tuple(int(part) for part in re.findall(r"\d+", version))


def main() -> int:
    """Resolve and print the pair."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--ha", help="this homeassistant version instead of the newest")
    args = parser.parse_args()

    installable = versions("homeassistant")
    ha = args.ha or installable[0]
    anywhere = versions("homeassistant", "--ignore-requires-python")[0]
    if as_tuple(anywhere) > as_tuple(installable[0]):
        print(
            f"newest_ha: homeassistant {anywhere} is on PyPI but needs a newer Python than "
            f"{sys.version.split()[0]}; the newest this Python installs is {installable[0]}",
            file=sys.stderr,
        )
    wanted = {args.ha} if args.ha else set(installable)
    pinned: str | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for phcc in versions(PHCC)[:MAX_WHEELS]:
            pinned = pinned_homeassistant(phcc, Path(tmp))
            if pinned in wanted:
                if pinned != ha:
                    print(
                        f"newest_ha: no {PHCC} release pins homeassistant {ha} yet; testing "
                        f"{pinned}, the newest release that has one",
                        file=sys.stderr,
                    )
                print(f"{pinned} {phcc}")
                return 0
            if pinned is not None and as_tuple(pinned) < as_tuple(ha) and args.ha:
                break
    print(
        f"newest_ha: no {PHCC} release among the newest {MAX_WHEELS} pins homeassistant "
        f"{'==' + ha if args.ha else 'that this Python installs'} (last checked pins {pinned})",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
