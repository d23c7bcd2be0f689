"""From what a user typed to terms with weighted alternatives. Plain Python (kiwi loaded lazily).

A query is split into terms; each term can be satisfied by several alternatives (its own
words, their stems, a typo correction, the glossary's other language), each with a weight.
Ranking later adds up, per document, the best alternative of each term: a document that
matches most of the query ranks above one that matches a single word, and no word is
mandatory, so a natural sentence never empties the result.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from core.identifiers import brn_is_valid
from search.glossary import Glossary
from search.text import HANGUL_RE, compact_hangul, english_stem, hangul_query_grams, has_hangul, normalise

MAX_QUERY_CHARS = 200
MAX_TERMS = 12

# Words that carry no meaning in a directory search: they must not empty the result.
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "companies",
        "company",
        "corporation",
        "corp",
        "co",
        "firm",
        "firms",
        "for",
        "from",
        "has",
        "have",
        "in",
        "inc",
        "is",
        "it",
        "its",
        "korea",
        "korean",
        "ltd",
        "made",
        "maker",
        "makers",
        "make",
        "makes",
        "making",
        "manufacture",
        "manufacturer",
        "manufacturers",
        "manufactures",
        "manufacturing",
        "of",
        "on",
        "or",
        "our",
        "produce",
        "produces",
        "producer",
        "producers",
        "supplier",
        "suppliers",
        "supply",
        "supplies",
        "that",
        "the",
        "their",
        "them",
        "these",
        "they",
        "this",
        "those",
        "to",
        "we",
        "what",
        "which",
        "who",
        "with",
        "your",
        "find",
        "looking",
        "need",
        "want",
    ]
)
KOREAN_STOPWORDS = frozenset(
    [
        "업체",
        "업체들",
        "회사",
        "회사들",
        "기업",
        "기업들",
        "제조사",
        "제조업체",
        "공급사",
        "공급업체",
        "생산업체",
        "전문업체",
        "곳",
        "것",
        "수",
        "등",
        "및",
        "관련",
        "전문",
        "제조",
        "생산",
        "공급",
        "납품",
        "만들",
        "만드",
        "하",
        "되",
        "있",
        "찾",
        "원하",
        "필요",
        "국내",
        "한국",
        "주식회사",
        "주",
        "제품",
    ]
)
# Content morphemes kept from kiwi's analysis: nouns, noun suffixes ('작동-기'), roots, foreign
# words, numbers, Hanja, verb and adjective stems. Particles, endings and '하다' are dropped.
KEEP_TAGS = ("NNG", "NNP", "NR", "XSN", "SL", "SH", "SN", "XR", "VV", "VA")
DROP_FORMS = frozenset({"들"})

WEIGHT_EXACT = 1.0
WEIGHT_PARTS = 0.85
WEIGHT_GLOSSARY = 0.9
WEIGHT_PREFIX = 0.6
WEIGHT_TYPO = 0.8


@dataclass(frozen=True)
class Phrase:
    """Index tokens that must all be in one field: a Korean word's n-grams, or one English stem."""

    tokens: tuple[str, ...]
    prefix: bool = False  # the last token may be a prefix (one-syllable Korean, English prefixes)


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a term: every phrase must match (several for split compounds)."""

    phrases: tuple[Phrase, ...]
    weight: float
    label: str  # shown as "matched ..." and highlighted


@dataclass
class Term:
    text: str
    alternatives: list[Alternative] = field(default_factory=list)
    weight: float = 1.0


@dataclass
class ParsedQuery:
    text: str
    terms: list[Term]
    codes: list[str]
    dropped: list[str]

    @property
    def is_empty(self) -> bool:
        return not self.terms and not self.codes


@functools.lru_cache(maxsize=1)
def kiwi():
    """The Korean analyser: about 0.5 GB, so loaded once per process, on first use."""
    from kiwipiepy import Kiwi

    return Kiwi()


def korean_phrase(word: str) -> Phrase:
    compact = compact_hangul(word)
    return Phrase(tuple(hangul_query_grams(compact)), prefix=len(compact) == 1)


def english_phrase(stems: tuple[str, ...]) -> tuple[Phrase, ...]:
    return tuple(Phrase((stem,)) for stem in stems)


CODE_RE = re.compile(r"\d[\d.\-\s]{4,18}\d")


def extract_codes(text: str) -> tuple[list[str], str]:
    """Registration numbers, NSNs and HS codes in the query, and the text without them."""
    codes = []

    def take(match):
        digits = re.sub(r"\D", "", match.group(0))
        is_brn = len(digits) == 10 and brn_is_valid(digits)
        if is_brn or len(digits) == 13 or 6 <= len(digits) <= 10:
            codes.append(digits)
            return " "
        return match.group(0)

    rest = CODE_RE.sub(take, text)
    return codes, rest


def analyse_korean(word: str) -> tuple[str, list[str]]:
    """A Korean word without particles and endings, and its content parts.

    '터빈블레이드를' -> ('터빈블레이드', ['터빈블레이드']); '착륙장치의' -> ('착륙장치', ['착륙', '장치']).
    """
    parts = [
        token.form
        for token in kiwi().tokenize(word)
        if token.tag.startswith(KEEP_TAGS)
        and HANGUL_RE.search(token.form)
        and token.form not in KOREAN_STOPWORDS
    ]
    return "".join(parts), parts


def parse(text: str, *, glossary: Glossary, vocabulary=None) -> ParsedQuery:
    """Split ``text`` into weighted terms; ``vocabulary`` corrects one-letter typos in English words."""
    text = normalise(text)[:MAX_QUERY_CHARS]
    codes, rest = extract_codes(text)
    words = re.findall(f"[{HANGUL_RE.pattern[1:-1]}]+|[a-z0-9]+", rest)
    terms: list[Term] = []
    dropped: list[str] = []
    english_run: list[str] = []

    def flush_english():
        terms.extend(_english_terms(english_run, glossary, vocabulary, dropped))
        english_run.clear()

    for word in words:
        if has_hangul(word):
            flush_english()
            term = _korean_term(word, glossary)
            if term is None:
                dropped.append(word)
            else:
                terms.append(term)
        else:
            english_run.append(word)
    flush_english()
    return ParsedQuery(text=text, terms=_dedupe(terms)[:MAX_TERMS], codes=codes, dropped=dropped)


def _dedupe(terms: list[Term]) -> list[Term]:
    seen, out = set(), []
    for term in terms:
        key = tuple(alt.phrases for alt in term.alternatives)
        if key not in seen:
            seen.add(key)
            out.append(term)
    return out


def _korean_term(word: str, glossary: Glossary) -> Term | None:
    if word in KOREAN_STOPWORDS:
        return None
    cleaned, parts = analyse_korean(word)
    if not cleaned:
        return None
    term = Term(text=word)
    term.alternatives.append(Alternative((korean_phrase(cleaned),), WEIGHT_EXACT, cleaned))
    if len(parts) > 1:
        split = tuple(korean_phrase(part) for part in parts if len(part) >= 2)
        if split:
            term.alternatives.append(Alternative(split, WEIGHT_PARTS, " ".join(parts)))
    for english in sorted(glossary.english_for(cleaned)):
        stems = tuple(english_stem(w) for w in english.replace("-", " ").split() if w.isalnum())
        if stems:
            term.alternatives.append(Alternative(english_phrase(stems), WEIGHT_GLOSSARY, english))
    return term


def _english_terms(words: list[str], glossary: Glossary, vocabulary, dropped: list[str]) -> list[Term]:
    """Terms for a run of Latin words, joining multi-word glossary phrases ('landing gear')."""
    terms: list[Term] = []
    stems = [english_stem(word) for word in words]
    i = 0
    while i < len(words):
        joined = _joined_pair(words, i, vocabulary)
        if joined:
            first, second = stems[i], stems[i + 1]
            label = f"{words[i]} {words[i + 1]}"
            term = Term(text=label)
            term.alternatives.append(Alternative((Phrase((english_stem(joined),)),), WEIGHT_EXACT, joined))
            term.alternatives.append(Alternative(english_phrase((first, second)), WEIGHT_PARTS, label))
            terms.append(term)
            i += 2
            continue
        span = _glossary_span(stems, i, glossary)
        if span > 1:
            key = tuple(stems[i : i + span])
            label = " ".join(words[i : i + span])
            term = Term(text=label)
            term.alternatives.append(Alternative(english_phrase(key), WEIGHT_EXACT, label))
            for korean in sorted(glossary.korean_for(key)):
                term.alternatives.append(Alternative((korean_phrase(korean),), WEIGHT_GLOSSARY, korean))
            terms.append(term)
            i += span
            continue
        word, stem = words[i], stems[i]
        i += 1
        if word in ENGLISH_STOPWORDS or len(word) < 2:
            dropped.append(word)
            continue
        term = Term(text=word)
        term.alternatives.append(Alternative((Phrase((stem,)),), WEIGHT_EXACT, word))
        if len(stem) >= 5 and not stem.isdigit():
            term.alternatives.append(Alternative((Phrase((stem,), prefix=True),), WEIGHT_PREFIX, word))
        if vocabulary is not None and len(word) >= 5 and not vocabulary.knows(word):
            for correction in vocabulary.corrections(word):
                fixed = english_stem(correction)
                term.alternatives.append(Alternative((Phrase((fixed,)),), WEIGHT_TYPO, correction))
                for korean in sorted(glossary.korean_for((fixed,))):
                    term.alternatives.append(Alternative((korean_phrase(korean),), WEIGHT_TYPO * 0.9, korean))
        for korean in sorted(glossary.korean_for((stem,))):
            term.alternatives.append(Alternative((korean_phrase(korean),), WEIGHT_GLOSSARY, korean))
        halves = _split_word(word, vocabulary)
        if halves:
            stems_of = tuple(english_stem(half) for half in halves)
            term.alternatives.append(Alternative(english_phrase(stems_of), WEIGHT_PARTS, " ".join(halves)))
        terms.append(term)
    return terms


def _joined_pair(words: list[str], i: int, vocabulary) -> str | None:
    """'range finder' -> 'rangefinder' when the index writes it as one word."""
    if vocabulary is None or i + 1 >= len(words):
        return None
    first, second = words[i], words[i + 1]
    if first in ENGLISH_STOPWORDS or second in ENGLISH_STOPWORDS or first.isdigit() or second.isdigit():
        return None
    joined = first + second
    return joined if vocabulary.knows(joined) else None


def _split_word(word: str, vocabulary) -> tuple[str, str] | None:
    """'rangefinder' -> ('range', 'finder') when the index only has the two words."""
    if vocabulary is None or len(word) < 7 or vocabulary.knows(word) or not word.isalpha():
        return None
    for cut in range(3, len(word) - 2):
        if vocabulary.knows(word[:cut]) and vocabulary.knows(word[cut:]):
            return word[:cut], word[cut:]
    return None


def _glossary_span(stems: list[str], start: int, glossary: Glossary) -> int:
    """The longest glossary phrase (2+ words) starting at ``start``; 1 when there is none."""
    for length in range(min(glossary.longest_english, len(stems) - start), 1, -1):
        if glossary.korean_for(tuple(stems[start : start + length])):
            return length
    return 1
