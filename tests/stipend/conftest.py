import pytest


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Documents of a test go to a temporary private root."""
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return settings.PRIVATE_STORAGE_ROOT


@pytest.fixture
def world(db):
    from tests.stipend.factories import make_world

    return make_world()
