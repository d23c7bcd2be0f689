import pytest

from core.testing import api_key_for, key_client


@pytest.fixture
def key_for(world):
    """``key_for("foreign", "read")`` → a client sending a fresh key of that persona."""

    def make(persona: str, scope: str = "read_write", **fields):
        return key_client(api_key_for(getattr(world.users, persona), scope, **fields))

    return make
