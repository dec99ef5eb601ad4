"""`socanbo --self-test`: the smoke test every build runs. It must pass on a whole installation, print the versions
that matter, and fail with a short message (details in the log) when something is missing."""
import io
import os
import platform
import sqlite3
import subprocess
import sys

import pytest

from desktop import __version__, self_test

pytestmark = pytest.mark.skipif(
    not hasattr(pytest.importorskip("desktop.services.reports",
                                    reason="the report renderer (desktop.services.reports) is not there yet"),
                "ReportService"),
    reason="desktop.services.reports has no ReportService yet: the self-test cannot render the report")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One run of the real command in a subprocess, offscreen, its data folder in a temporary place."""
    data = tmp_path_factory.mktemp("self-test-data")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SOCANBO_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--self-test", "--lang", "en"],
                          check=False, capture_output=True, text=True, encoding="utf-8", env=env, timeout=240)
    return done, data


def test_a_whole_installation_passes_and_writes_nothing_to_the_data_folder(run):
    done, data = run
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("Self-test passed.")
    assert "FAILED" not in done.stdout
    for check in ("program files", "message catalogs", "Qt libraries", "window modules", "demo book",
                  "yearly report (PDF)", "digital signature", "Excel tables"):
        assert f"ok      {check}: " in done.stdout, check
    assert not any(data.iterdir()), "the self-test wrote into the user's data folder"


def test_it_prints_the_versions_that_matter(run):
    import pyhanko.version
    import reportlab
    from PySide6 import QtCore

    done, _data = run
    lines = {line.split()[0]: line for line in done.stdout.splitlines()[1:8] if line.strip()}
    assert __version__ in lines["Program"]
    assert platform.python_version() in lines["Python"]
    assert QtCore.qVersion() in lines["Qt"]
    assert sqlite3.sqlite_version in lines["SQLite"]
    assert reportlab.Version in lines["reportlab"]
    assert pyhanko.version.__version__ in lines["pyHanko"]


def test_the_report_is_rendered_from_the_demo_book(run):
    done, _data = run
    report = next(line for line in done.stdout.splitlines() if "yearly report (PDF)" in line)
    assert "pages" in report and "year 20" in report


def test_a_missing_file_fails_with_a_short_message_and_the_details_in_the_log(tmp_path, monkeypatch):
    monkeypatch.setattr(self_test, "resources_dir", lambda: tmp_path / "nowhere")
    monkeypatch.setattr(self_test, "CHECKS", self_test.CHECKS[:1])
    out = io.StringIO()

    assert self_test.run_self_test(out) == 1

    text = out.getvalue()
    assert "style.qss" in text and "Traceback" not in text
    log = tmp_path / "user-data" / "socanbo.log"  # SOCANBO_DATA_DIR, set by tests/conftest.py
    assert "FileNotFoundError" in log.read_text(encoding="utf-8")


def test_a_check_whose_prerequisite_failed_is_skipped_and_counts_as_a_failure(monkeypatch):
    report_only = tuple(entry for entry in self_test.CHECKS if entry[0] is self_test.check_report)
    monkeypatch.setattr(self_test, "CHECKS", report_only)
    out = io.StringIO()

    assert self_test.run_self_test(out) == 1
    assert "bỏ qua" in out.getvalue()  # the suite runs in Vietnamese: "skipped"
