"""The Korean<->English glossary used to expand queries across languages. Plain Python.

Entries come from search/data/glossary.tsv (shipped) plus the entries KDIA adds in the
admin (the GlossaryEntry model); the service builds one Glossary from both.
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from search.text import compact_hangul, english_stem, has_hangul, normalise

DATA_FILE = Path(__file__).parent / "data" / "glossary.tsv"


def read_data_file(path: Path = DATA_FILE) -> list[tuple[str, str]]:
    """(Korean, English) pairs from the shipped TSV file (header: ko, en, note)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return [(row["ko"].strip(), row["en"].strip()) for row in reader if row.get("ko") and row.get("en")]


def english_key(phrase: str) -> tuple[str, ...]:
    """An English phrase as its tuple of stems: 'Landing gears' -> ('land', 'gear')."""
    return tuple(english_stem(word) for word in normalise(phrase).replace("-", " ").split() if word.isalnum())


@dataclass
class Glossary:
    """Korean terms (compacted) to English phrases, and English stem tuples to Korean terms."""

    korean_to_english: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    english_to_korean: dict[tuple[str, ...], set[str]] = field(default_factory=lambda: defaultdict(set))
    longest_english: int = 1

    @classmethod
    def from_pairs(cls, pairs) -> Glossary:
        glossary = cls()
        for korean, english in pairs:
            if not has_hangul(korean) and not korean.isupper():
                continue
            key_ko = compact_hangul(normalise(korean))
            key_en = english_key(english)
            if not key_ko or not key_en:
                continue
            glossary.korean_to_english[key_ko].add(normalise(english))
            glossary.english_to_korean[key_en].add(key_ko)
            glossary.longest_english = max(glossary.longest_english, len(key_en))
        return glossary

    @functools.cached_property
    def english_words(self) -> frozenset[str]:
        """Every English word of the glossary (typos in them are corrected too)."""
        words = {w for phrases in self.korean_to_english.values() for p in phrases for w in p.split()}
        return frozenset(w for w in words if w.isalpha() and len(w) >= 4)

    def english_for(self, korean_word: str) -> set[str]:
        """English phrases for a (compacted) Korean word, including the glossary terms it is made of.

        A compound like '착륙장치작동기' gives the English of '착륙장치' and '작동기'; a term
        contained in a longer matched term ('장치' inside '착륙장치') is not used on its own.
        """
        if korean_word in self.korean_to_english:
            return set(self.korean_to_english[korean_word])
        found = [key for key in self.korean_to_english if len(key) >= 2 and key in korean_word]
        maximal = [key for key in found if not any(key != other and key in other for other in found)]
        english: set[str] = set()
        for key in maximal:
            english |= self.korean_to_english[key]
        return english

    def korean_for(self, stems: tuple[str, ...]) -> set[str]:
        return set(self.english_to_korean.get(stems, ()))
