"""bos.cache: one Redis client object per connection pool, not one per cache call."""

from bos.cache import RedisCache


def test_the_client_is_built_once_per_pool():
    cache = RedisCache("redis://127.0.0.1:6379/9", {"KEY_PREFIX": "t"})
    reader = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is reader
    # One server: reads and writes go to the same pool, and so to the same client.
    assert cache._cache.get_client("a", write=True) is reader
    assert reader.connection_pool is cache._cache._get_connection_pool(False)


def test_two_servers_keep_a_client_each():
    cache = RedisCache("redis://127.0.0.1:6379/9,redis://127.0.0.1:6379/10", {})
    writer = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is writer
    assert writer.connection_pool.connection_kwargs["db"] == 9
    reader = cache._cache.get_client()
    assert reader.connection_pool.connection_kwargs["db"] == 10
    assert cache._cache.get_client() is reader
