import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_feed_cache():
    """Public feeds are cached for a few minutes; each test builds its own."""
    cache.clear()
    yield
    cache.clear()
