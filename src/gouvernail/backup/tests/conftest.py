"""Fixtures of the backup tests."""

from pathlib import Path

import pytest


@pytest.fixture
def instance_dirs(tmp_path, settings) -> Path:
    """This process's instance writes its files, keys and secret key under tmp_path/source."""
    source = tmp_path / "source"
    (source / "media").mkdir(parents=True)
    settings.DATA_DIR = source
    settings.MEDIA_ROOT = source / "media"
    settings.GOUVERNAIL_REGISTER_KEY_DIR = source / "keys"
    return source
