"""Fixtures for the CLI tests: run `socanbo` in a fresh interpreter, isolated from the user's data folder.

Every call goes through a subprocess (`python -m desktop.cli ...`) with the repository root as the working
directory and `SOCANBO_DATA_DIR` pointing into a temporary folder, so nothing reads or writes the real
user folder. The demo book is written once per session (through the CLI) and only ever read by the tests;
tests that damage a book work on a copy.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CLI_TIMEOUT = 180


@dataclass(frozen=True)
class CliResult:
    """What one `socanbo` run left behind: exit code, and both streams decoded as UTF-8."""
    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes

    def __str__(self) -> str:  # shown by pytest when an assertion fails
        return (f"socanbo {' '.join(self.args)} -> {self.returncode}\n--- stdout\n{self.stdout[:3000]}"
                f"\n--- stderr\n{self.stderr[:3000]}")


def _environment(data_dir: Path, extra: dict[str, str] | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONIOENCODING", "PYTHONUTF8", "LANG", "LC_ALL", "LANGUAGE")}
    env.update({"SOCANBO_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen",
                "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(extra or {})
    return env


def run_socanbo(args, data_dir: Path, env: dict[str, str] | None = None,
                timeout: float = CLI_TIMEOUT) -> CliResult:
    args = tuple(str(a) for a in args)
    done = subprocess.run([sys.executable, "-m", "desktop.cli", *args], check=False, cwd=REPO_ROOT,
                          env=_environment(data_dir, env), capture_output=True, timeout=timeout)
    return CliResult(args, done.returncode, done.stdout.decode("utf-8", errors="replace"),
                     done.stderr.decode("utf-8", errors="replace"), done.stdout)


@pytest.fixture
def user_data(tmp_path: Path) -> Path:
    """The folder SOCANBO_DATA_DIR points to (where the default book and the log live)."""
    return tmp_path / "user-data"


@pytest.fixture
def socanbo(user_data: Path):
    """Run `socanbo ARGS...`; returns a CliResult."""

    def run(*args, env: dict[str, str] | None = None, timeout: float = CLI_TIMEOUT) -> CliResult:
        return run_socanbo(args, user_data, env, timeout)

    return run


@pytest.fixture(scope="session")
def session_data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("session-user-data")


INIT_ARGS = ("--union-name", "Công đoàn cơ sở Công ty TNHH May Sông Hồng",
             "--superior", "Công đoàn các Khu công nghiệp tỉnh Nam Định",
             "--place", "Phường Lộc Hạ", "--term", "2023-2028")


@pytest.fixture(scope="session")
def empty_book(tmp_path_factory, session_data) -> Path:
    """A book made by `socanbo init` (never modified by the tests)."""
    path = tmp_path_factory.mktemp("empty") / "trong.socanbo"
    result = run_socanbo(["--data", path, "init", *INIT_ARGS], session_data)
    assert result.returncode == 0, str(result)
    return path


@pytest.fixture(scope="session")
def demo_book(tmp_path_factory, session_data) -> Path:
    """The demo book written by `socanbo demo` (never modified by the tests: copy it to change it)."""
    path = tmp_path_factory.mktemp("demo") / "so-mau.socanbo"
    result = run_socanbo(["--data", path, "demo"], session_data)
    assert result.returncode == 0, str(result)
    assert path.is_file()
    return path


@pytest.fixture(scope="session")
def second_demo_book(tmp_path_factory, session_data) -> Path:
    """Another `socanbo demo`, written independently of the first (to compare: the demo is deterministic)."""
    path = tmp_path_factory.mktemp("demo-again") / "so-mau-2.socanbo"
    result = run_socanbo(["--data", path, "demo"], session_data)
    assert result.returncode == 0, str(result)
    return path


@pytest.fixture
def demo_copy(demo_book: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ban-sao.socanbo"
    shutil.copyfile(demo_book, target)
    return target


@pytest.fixture(scope="session")
def sha256():
    def digest(path: Path) -> str:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    return digest
