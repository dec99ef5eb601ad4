"""The user's data folder: %LOCALAPPDATA%\\SoCanBo on Windows, as the installer's uninstall message, installer/README.md
and README.md say (no publisher folder in between), and the usual per-user folder elsewhere."""
import sys
from pathlib import Path

import platformdirs
import platformdirs.windows
import pytest

from desktop.paths import AppPaths


@pytest.fixture
def no_override(monkeypatch):
    monkeypatch.delenv("SOCANBO_DATA_DIR", raising=False)  # set for every test by tests/conftest.py


def test_on_windows_the_books_live_directly_in_localappdata_socanbo(no_override, monkeypatch, tmp_path):
    # platformdirs' Windows implementation, with the shell's folder lookup stubbed (no Windows here)
    local_app_data = tmp_path / "AppData" / "Local"
    asked = []
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "get_win_folder",
                        lambda csidl_name: asked.append(csidl_name) or str(local_app_data))

    paths = AppPaths.default()

    assert asked == ["CSIDL_LOCAL_APPDATA"]  # local, not roaming (%APPDATA%)
    assert paths.data_dir == local_app_data / "SoCanBo"
    assert paths.backups_dir == local_app_data / "SoCanBo" / "backups"
    assert paths.settings_file == local_app_data / "SoCanBo" / "settings.json"
    assert paths.log_file == local_app_data / "SoCanBo" / "socanbo.log"
    assert paths.default_book == local_app_data / "SoCanBo" / "so-can-bo.socanbo"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG folder is Linux's")
def test_on_linux_the_books_live_in_the_xdg_data_folder(no_override, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))

    assert AppPaths.default().data_dir == tmp_path / "share" / "SoCanBo"


def test_socanbo_data_dir_overrides_the_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCANBO_DATA_DIR", str(tmp_path / "elsewhere"))

    assert AppPaths.default().data_dir == Path(tmp_path / "elsewhere")
