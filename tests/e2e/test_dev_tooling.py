"""Safety of the development tooling, without starting Home Assistant (not marked e2e).

`scripts/develop --config-dir` must never wipe a folder it did not make; the e2e conftest's
install of the frontend wheel must give up after one attempt.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from dev import develop
from tests.e2e import conftest as e2e_conftest


class _Started(Exception):
    """Raised instead of starting hass: the folder checks are done by then."""


@pytest.fixture
def no_hass(monkeypatch: pytest.MonkeyPatch) -> None:
    def start(*_args: Any, **_kwargs: Any) -> None:
        raise _Started

    monkeypatch.setattr(develop, "start_hass", start)


def _user_config(path: Path) -> dict[str, str]:
    """A folder that looks like someone's real Home Assistant configuration."""
    (path / ".storage").mkdir(parents=True)
    files = {"configuration.yaml": "homeassistant:\n", ".storage/core.config_entries": "{}"}
    for name, text in files.items():
        (path / name).write_text(text)
    return files


@pytest.mark.usefixtures("no_hass")
@pytest.mark.parametrize("extra", [[], ["--fresh"]])
def test_a_folder_with_someone_elses_files_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    files = _user_config(tmp_path / "ha")

    assert develop.main(["--config-dir", str(tmp_path / "ha"), *extra]) == develop.REFUSED

    for name, text in files.items():
        assert (tmp_path / "ha" / name).read_text() == text
    err = capsys.readouterr().err
    assert "refusing to use --config-dir" in err
    assert "real Home Assistant configuration" in err


def test_a_file_is_not_a_config_folder(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert develop.refusal(tmp_path / "f") == f"--config-dir {tmp_path / 'f'} is not a folder."
    assert (tmp_path / "f").read_text() == "x"


@pytest.mark.usefixtures("no_hass")
def test_a_new_or_empty_folder_is_used_and_marked_as_ours(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "new", tmp_path / "empty"):
        assert develop.refusal(folder) is None
        with pytest.raises(_Started):
            develop.main(["--config-dir", str(folder)])
        # Ours from now on: a later run may start it over even if provisioning never finished.
        assert (folder / develop.OWNED).exists()
        assert (folder / "configuration.yaml").exists()
        assert develop.refusal(folder) is None


@pytest.mark.usefixtures("no_hass")
def test_a_provisioned_folder_of_ours_may_start_over(tmp_path: Path) -> None:
    folder = tmp_path / "dev"
    _user_config(folder)
    (folder / develop.MARKER).write_text("entry")  # provisioned by an earlier run
    assert develop.refusal(folder) is None
    with pytest.raises(_Started):
        develop.main(["--config-dir", str(folder), "--fresh"])
    assert not (folder / ".storage" / "core.config_entries").exists()  # wiped, started over


def test_the_repository_folder_is_always_ours() -> None:
    assert develop.refusal(develop.DEFAULT_DIR) is None


def test_the_frontend_wheel_is_installed_once_then_skipped_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)  # in CI a missing prerequisite fails instead
    monkeypatch.delenv("CM_E2E_NO_INSTALL", raising=False)
    monkeypatch.setattr("importlib.util.find_spec", lambda _name: None)
    installs: list[list[str]] = []

    def pip(command: list[str], **_kwargs: Any) -> subprocess.CompletedProcess[str]:
        installs.append(command)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr("subprocess.run", pip)

    with pytest.raises(pytest.skip.Exception, match="still not importable"):
        e2e_conftest.frontend_wheel()
    assert len(installs) == 1
    assert any(arg.startswith("home-assistant-frontend==") for arg in installs[0])
