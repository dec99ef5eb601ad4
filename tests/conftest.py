"""Suite-wide set-up: the Vietnamese catalog is active and nothing touches the user's data folder."""
import os

import pytest

from desktop import i18n


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("SOCANBO_DATA_DIR", str(tmp_path / "user-data"))
    i18n.set_language("vi")
    yield


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
