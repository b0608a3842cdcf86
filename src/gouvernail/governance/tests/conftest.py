import pytest


@pytest.fixture(autouse=True)
def register_key_dir(settings, tmp_path):
    """Signing keys of the register go to a throw-away directory, never under the repository."""
    settings.GOUVERNAIL_REGISTER_KEY_DIR = str(tmp_path / "keys")
    return tmp_path / "keys"
