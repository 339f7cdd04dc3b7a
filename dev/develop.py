"""`scripts/develop`: a real Home Assistant with a virtual house and Capacity Manager set up.

Starts `hass` on 127.0.0.1 with a repo-local config folder (`.develop/`, git-ignored),
provisions it on the first run (onboarding, virtual house, Capacity Manager through its
config flows, a dashboard with both cards), prints the URL and the development login, and runs
until Ctrl-C. Later runs reuse the folder; `--fresh` starts over. `--check` starts a fresh one
in a temporary folder on a free port, provisions it, verifies it and stops (exit status 1 on a
problem). `--config-dir` may name a new or empty folder or one it made before; it refuses
(exit status 2) a folder with other files in it, as starting over would delete them.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from types import FrameType

from .ha_client import DEV_PASSWORD, DEV_USER
from .hass_process import (
    REPO,
    configured_port,
    free_port as pick_free_port,
    prepare_config_dir,
    start_hass,
    stop_hass,
    wait_until_up,
)
from .provision import DASHBOARD_PATH, Scenario, provision
from .verify import verify

DEFAULT_DIR = REPO / ".develop"
MARKER = ".provisioned"
# Written into every folder this script starts to fill, before provisioning: a folder that
# failed half-way is still known as ours (and may be wiped), a user's folder never is.
OWNED = ".capacity-manager-develop"
REFUSED = 2  # exit status when --config-dir names a folder that is not ours


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scripts/develop",
        description="Run a real Home Assistant with a virtual house and Capacity Manager.",
    )
    parser.add_argument(
        "--port", type=int, default=None, help="port on 127.0.0.1 (8123; --check: a free one)"
    )
    parser.add_argument(
        "--config-dir",
        type=Path,
        default=None,
        help="config folder (.develop/ in the repository); a new, empty or earlier develop one",
    )
    parser.add_argument("--fresh", action="store_true", help="start over with a new config")
    parser.add_argument(
        "--speed",
        type=float,
        default=60.0,
        help="virtual seconds per real second (60: a day in 24 minutes; 0 stops the clock)",
    )
    parser.add_argument("--start", default="17:20", help="virtual time of day to start at (17:20)")
    parser.add_argument(
        "--uci-day",
        nargs="?",
        const="",
        default=None,
        metavar="YYYY-MM-DD",
        help="play a real day of the UCI house from ../shared/data (default: its first day)",
    )
    parser.add_argument("--limit", type=float, default=7200.0, help="the site's limit in W (7200)")
    parser.add_argument(
        "--check", action="store_true", help="start, provision, verify, stop (temporary folder)"
    )
    return parser


def _scenario(args: argparse.Namespace) -> Scenario:
    return Scenario(
        speed=args.speed,
        start=args.start,
        profile="generated" if args.uci_day is None else "uci",
        day=args.uci_day or None,
        limit_w=args.limit,
    )


def _say(text: str) -> None:
    print(f"scripts/develop: {text}", flush=True)


def _check(args: argparse.Namespace) -> int:
    """Start in a temporary folder, provision, verify, stop; keep the folder on failure."""
    config_dir = Path(tempfile.mkdtemp(prefix="cm-develop-check-"))
    port = args.port or pick_free_port()
    base_url = f"http://127.0.0.1:{port}"
    prepare_config_dir(config_dir, port)
    log_path = config_dir / "hass-output.log"
    with log_path.open("wb") as log:
        process = start_hass(config_dir, output=log)
        try:
            wait_until_up(base_url, process)
            provisioned = asyncio.run(provision(base_url, _scenario(args)))
            problems = asyncio.run(verify(provisioned))
        except Exception as err:
            problems = [f"{type(err).__name__}: {err!r}"]
        finally:
            stop_hass(process)
    if problems:
        _say("check FAILED:\n  " + "\n  ".join(problems))
        _say(
            f"Home Assistant's folder is kept: {config_dir}; its log ends with:\n" + _tail(log_path)
        )
        return 1
    shutil.rmtree(config_dir, ignore_errors=True)
    _say(f"check passed: Home Assistant {base_url} provisioned and verified, then stopped.")
    return 0


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def refusal(config_dir: Path) -> str | None:
    """Why `config_dir` must not be used, or None when it may be (and wiped if need be).

    A fresh start deletes the folder. That is safe for the repository's own `.develop/`, a
    missing or empty folder, or one this script made (its markers); any other folder with
    files in it may be a real Home Assistant configuration, so it is never touched.
    """
    if config_dir.resolve() == DEFAULT_DIR.resolve() or not config_dir.exists():
        return None
    if not config_dir.is_dir():
        return f"--config-dir {config_dir} is not a folder."
    if (config_dir / MARKER).exists() or (config_dir / OWNED).exists():
        return None
    if not any(config_dir.iterdir()):
        return None
    return (
        f"refusing to use --config-dir {config_dir}: it holds files but was not made by "
        f"scripts/develop (no {MARKER} or {OWNED} in it). It could be a real Home Assistant "
        "configuration, which a fresh start would delete. Pass a new or empty folder, or "
        "leave out --config-dir to use .develop/ in the repository."
    )


def _run(args: argparse.Namespace) -> int:
    """Start (provisioning a new folder first), print how to log in, run until Ctrl-C."""
    config_dir: Path = args.config_dir or DEFAULT_DIR
    if (why := refusal(config_dir)) is not None:
        print(f"scripts/develop: {why}", file=sys.stderr, flush=True)
        return REFUSED
    if args.fresh and config_dir.exists():
        shutil.rmtree(config_dir)
    fresh = not (config_dir / MARKER).exists()
    if fresh and config_dir.exists():
        shutil.rmtree(config_dir)  # half-provisioned (ours, see refusal): start over
    port = args.port or (None if fresh else configured_port(config_dir)) or 8123
    base_url = f"http://127.0.0.1:{port}"
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / OWNED).write_text("made by scripts/develop; it may delete this folder\n")
    prepare_config_dir(config_dir, port)
    _say(f"starting Home Assistant in {config_dir} (log: {config_dir / 'home-assistant.log'})")
    process = start_hass(config_dir)

    # Ctrl-C (or a kill) stops hass cleanly: it runs in its own session, so we stop it.
    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)  # also when started with SIGINT ignored (`&`)
    try:
        wait_until_up(base_url, process)
        if fresh:
            _say("provisioning: onboarding, virtual house, Capacity Manager, dashboard …")
            provisioned = asyncio.run(provision(base_url, _scenario(args)))
            (config_dir / MARKER).write_text(provisioned.entry_id, encoding="utf-8")
        _say(
            "\n\n"
            f"  Open  {base_url}/lovelace/{DASHBOARD_PATH}\n"
            f"  Log in as user '{DEV_USER}', password '{DEV_PASSWORD}' (a local development login).\n"
            "  Switch the virtual oven on to overload the house; Ctrl-C stops Home Assistant.\n"
        )
        process.wait()
    except KeyboardInterrupt:
        _say("stopping Home Assistant …")
        return 0
    except Exception as err:
        _say(f"failed: {type(err).__name__}: {err}")
        return 1
    else:
        _say(f"Home Assistant exited with status {process.returncode}")
        return process.returncode or 0
    finally:
        stop_hass(process)


def main(argv: list[str] | None = None) -> int:
    """Entry point of scripts/develop."""
    args = _parser().parse_args(argv)
    return _check(args) if args.check else _run(args)


if __name__ == "__main__":
    sys.exit(main())
