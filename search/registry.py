"""What each app wants indexed: apps call ``register`` from their own search.py.

The search app imports no other app; an app describes how to turn its objects into
documents, which querysets to index, and which related changes make a document stale.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Document:
    """An object's searchable content: names (weighted higher), other text, exact codes."""

    object_id: int
    title: list[str]
    body: list[str]
    codes: list[str] = field(default_factory=list)
    summary: str = ""  # a short bilingual summary for the embedding
    # "name:value" keys of the object's facet values (no spaces in either), stored with its entry
    # so that a search's results can be counted by facet from one table; None: the kind has none.
    facets: list[str] | None = None
    # Documents of the registration's ``parts`` kind that this one contains (a company's
    # products): their tokens, codes and words are merged into this document's.
    parts: list[Document] = field(default_factory=list)


@dataclass
class Registration:
    kind: str  # lower-case letters: it is also a token in the full-text index
    model: type
    queryset: Callable  # () -> QuerySet of the objects to index
    # Primary keys -> the documents of those still in queryset(). The app fetches what it needs,
    # as it likes: indexing calls this with thousands of keys at a time.
    documents: Callable[[list[int]], list[Document]]
    # Related models whose changes make documents stale: model -> instance -> object ids.
    watch: dict = field(default_factory=dict)
    embed: bool = False
    # The kind whose documents this kind's documents contain (``Document.parts``). Rebuilding
    # both kinds writes the parts' entries in the same pass, so each part is analysed once.
    parts: str | None = None


REGISTRY: dict[str, Registration] = {}


def register(registration: Registration) -> None:
    """Add a kind to the index and start watching its model and related models."""
    from search.indexing import connect

    if not re.fullmatch("[a-z]+", registration.kind):
        raise ValueError(f"a search kind is lower-case letters only, not {registration.kind!r}")
    REGISTRY[registration.kind] = registration
    connect(registration)


def registration_for(kind: str) -> Registration:
    return REGISTRY[kind]
