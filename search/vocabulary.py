"""The English words of the index, for correcting one-letter typos in queries (5+ letters)."""

from __future__ import annotations

import functools
from collections import defaultdict

from search.refresh import IndexDerived

RELOAD_AFTER_SECONDS = 60


class Vocabulary:
    def __init__(self, words, *, entries: int = 0):
        self.words = set(words)
        self.entries = entries  # index entries read to collect the words
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.words:
            self.by_length[len(word)].append(word)

    def knows(self, word: str) -> bool:
        return word in self.words

    def corrections(self, word: str, limit: int = 3) -> list[str]:
        """Index words one edit away (insert, delete, substitute, swap of neighbours)."""
        found = []
        for length in (len(word), len(word) - 1, len(word) + 1):
            for candidate in self.by_length.get(length, ()):
                if candidate[0] == word[0] and one_edit_apart(word, candidate):
                    found.append(candidate)
        return sorted(found)[:limit]


class Vocabularies:
    """The index's words and the glossary's together, without copying the larger set per query."""

    def __init__(self, *parts: Vocabulary):
        self.parts = parts

    def knows(self, word: str) -> bool:
        return any(part.knows(word) for part in self.parts)

    def corrections(self, word: str, limit: int = 3) -> list[str]:
        return sorted({found for part in self.parts for found in part.corrections(word, limit)})[:limit]


def one_edit_apart(a: str, b: str) -> bool:
    if a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = j = skipped = 0
    while i < len(short) and j < len(long_):
        if short[i] != long_[j]:
            skipped += 1
            if skipped > 1:
                return False
            j += 1
            continue
        i += 1
        j += 1
    return True


def _index_words(kind: str) -> Vocabulary:
    from search.models import SearchEntry

    words, entries = _words_of(SearchEntry.objects.filter(kind=kind))
    return Vocabulary(words, entries=entries)


def _add_changed_words(kind: str, vocabulary: Vocabulary, since) -> Vocabulary:
    """``vocabulary`` with the words of the entries written since ``since``.

    Words of changed or deleted entries stay until the next full build: a correction towards a
    word nothing contains any more finds nothing, and the query's other words still count.
    """
    from search.models import SearchEntry

    words, _ = _words_of(SearchEntry.objects.filter(kind=kind, updated_at__gte=since))
    if words <= vocabulary.words:
        return vocabulary
    return Vocabulary(vocabulary.words | words, entries=vocabulary.entries)


def _words_of(entries) -> tuple[set[str], int]:
    words = set()
    count = 0
    for text in entries.values_list("words", flat=True).iterator(chunk_size=2000):
        words.update(w for w in text.split() if len(w) >= 3 and w.isalpha())
        count += 1
    return words, count


_vocabularies = IndexDerived(
    _index_words,
    update=_add_changed_words,
    min_age=RELOAD_AFTER_SECONDS,
    rows=lambda vocabulary: vocabulary.entries,
)


@functools.lru_cache(maxsize=8)
def _glossary_words(words: frozenset[str]) -> Vocabulary:
    return Vocabulary(words)


def vocabulary_for(kind: str, version, *, extra: frozenset[str] = frozenset()) -> Vocabularies:
    """The index's English words for ``kind`` (plus ``extra``, the glossary's), cached per process."""
    return Vocabularies(_vocabularies.get(kind, version), _glossary_words(extra))


def forget() -> None:
    _vocabularies.forget()
    _glossary_words.cache_clear()
