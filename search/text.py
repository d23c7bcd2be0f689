"""Text normalisation shared by indexing and querying. Plain Python, no Django.

Documents and queries go through the same steps, so that what a user types and what a
company wrote meet in the middle:

- Hangul runs are compacted (spaces between Hangul syllables removed: '터빈 블레이드'
  and '터빈블레이드' become the same) and indexed as their syllable bigrams and trigrams. A
  Korean word of two or three syllables is then one index token, and a longer one the set of
  its overlapping trigrams, found anywhere inside a compound ('블레이드' inside
  '터빈블레이드정밀가공'). No look-up needs token positions, so both databases answer every
  query from the inverted index alone (phrase queries would re-read each candidate's text).
- Latin words are lower-cased, British spellings mapped to American, and stemmed
  (Snowball English: 'machined', 'machining' -> 'machin').
- Digits are kept as words; identifiers (registration numbers, NSN, HS codes) go to a
  separate codes field.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

import snowballstemmer

HANGUL = r"\uac00-\ud7a3"
HANGUL_RE = re.compile(f"[{HANGUL}]")
# A token: a run of Hangul (spaces between syllables allowed), or a Latin/digit word.
TOKEN_RE = re.compile(f"[{HANGUL}]+(?:\\s+[{HANGUL}]+)*|[a-z0-9]+(?:['\u2019][a-z]+)?")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")

# British spellings (after lower-casing) and their American forms; applied to whole words.
BRITISH_TO_AMERICAN = {
    "armour": "armor",
    "armoured": "armored",
    "aluminium": "aluminum",
    "defence": "defense",
    "colour": "color",
    "coloured": "colored",
    "centre": "center",
    "centres": "centers",
    "metre": "meter",
    "metres": "meters",
    "fibre": "fiber",
    "fibres": "fibers",
    "calibre": "caliber",
    "programme": "program",
    "programmes": "programs",
    "tyre": "tire",
    "tyres": "tires",
    "grey": "gray",
    "licence": "license",
    "catalogue": "catalog",
    "manoeuvre": "maneuver",
    "manoeuvring": "maneuvering",
    "sulphur": "sulfur",
    "vapour": "vapor",
    "harbour": "harbor",
    "modelling": "modeling",
    "travelling": "traveling",
    "signalling": "signaling",
    "labelling": "labeling",
    "jewellery": "jewelry",
    "mould": "mold",
    "moulding": "molding",
    "moulded": "molded",
    "plough": "plow",
    "behaviour": "behavior",
    "favour": "favor",
    "honour": "honor",
    "litre": "liter",
    "litres": "liters",
    "theatre": "theater",
    "analyse": "analyze",
    "analysed": "analyzed",
    "paralyse": "paralyze",
    "storey": "story",
    "axe": "ax",
    "draught": "draft",
    "gauge": "gage",
    "kerb": "curb",
    "cheque": "check",
    "organisation": "organization",
    "organisations": "organizations",
    "optimisation": "optimization",
    "localisation": "localization",
    "stabilisation": "stabilization",
    "stabiliser": "stabilizer",
    "stabilisers": "stabilizers",
    "synchronisation": "synchronization",
    "synthesiser": "synthesizer",
    "digitisation": "digitization",
    "militarised": "militarized",
    "specialised": "specialized",
    "specialise": "specialize",
    "specialises": "specializes",
    "specialising": "specializing",
    "authorised": "authorized",
    "customised": "customized",
    "standardised": "standardized",
    "optimised": "optimized",
    "miniaturised": "miniaturized",
    "pressurised": "pressurized",
    "galvanised": "galvanized",
    "anodised": "anodized",
    "anodising": "anodizing",
    "vulcanised": "vulcanized",
    "sterilisation": "sterilization",
    "characterisation": "characterization",
    "utilise": "utilize",
}

# A Snowball stemmer keeps the word being stemmed in the instance: two threads of one app server
# sharing it corrupt each other's words (an IndexError under load). One per thread.
_stemmers = threading.local()


def _stemmer():
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become plain), lower case, no control characters."""
    return CONTROL_RE.sub(" ", unicodedata.normalize("NFKC", text or "")).lower()


def has_hangul(text: str) -> bool:
    return bool(HANGUL_RE.search(text))


def compact_hangul(run: str) -> str:
    """'터빈 블레이드' -> '터빈블레이드'."""
    return "".join(run.split())


def hangul_grams(compact: str) -> list[str]:
    """What the index stores for a compacted run: its syllable bigrams and trigrams.

    A one-syllable run is kept as it is.
    """
    if len(compact) < 2:
        return [compact] if compact else []
    return [compact[i : i + 2] for i in range(len(compact) - 1)] + [
        compact[i : i + 3] for i in range(len(compact) - 2)
    ]


def hangul_query_grams(compact: str) -> list[str]:
    """The index tokens that find a Korean word: itself up to three syllables, else its trigrams."""
    if len(compact) <= 3:
        return [compact] if compact else []
    return [compact[i : i + 3] for i in range(len(compact) - 2)]


@functools.lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    """Spelling-normalised Snowball stem of one lower-case Latin word."""
    word = word.replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _stemmer().stemWord(BRITISH_TO_AMERICAN.get(word, word))


def analyse_documents(documents) -> list[tuple[Analysis, list[Analysis]]]:
    """What the index stores for each ``search.registry.Document`` and for each of its parts.

    An analysis is (title tokens, body tokens, codes, English words). A document's parts (a
    company's products) are analysed on their own and merged into its body, codes and words: a
    rebuild of both kinds then writes the parts' entries from the same work. Plain Python:
    rebuilds run it in worker processes."""
    analysed = []
    for document in documents:
        parts = [_analyse(part) for part in document.parts]
        analysed.append((_analyse(document, parts), parts))
    return analysed


Analysis = tuple[str, str, str, str]


def _analyse(document, parts: list[Analysis] = ()) -> Analysis:
    title, title_words = _index_tokens(document.title)
    body, body_words = _index_tokens(document.body)
    codes = dict.fromkeys(code for code in document.codes if code)
    words = {*title_words, *body_words}
    for part_title, part_body, part_codes, part_words in parts:
        body.update(dict.fromkeys(part_title.split()))
        body.update(dict.fromkeys(part_body.split()))
        codes.update(dict.fromkeys(part_codes.split()))
        words.update(part_words.split())
    return " ".join(title), " ".join(body), " ".join(codes), " ".join(sorted(words))


def token_text(*texts: str) -> str:
    """Texts turned into the token string the full-text index stores: each token once."""
    return index_text(texts)[0]


def index_text(texts) -> tuple[str, list[str]]:
    """One pass over a document's texts: its distinct index tokens (space-separated) and its
    distinct Latin words, sorted, for correcting typos in queries.

    Positions are never looked up, so a token is stored once per field however often it occurs.
    """
    tokens, latin = _index_tokens(texts)
    return " ".join(tokens), latin


def _index_tokens(texts) -> tuple[dict[str, None], list[str]]:
    """``index_text``'s tokens as an ordered set. The texts are analysed as one string; ' | '
    between them keeps runs and words apart."""
    tokens: dict[str, None] = {}
    latin: list[str] = []
    # A company's text repeats its words (its products' names and descriptions, say): each
    # distinct piece is analysed once, and the pieces of whole directories are remembered.
    for piece in dict.fromkeys(TOKEN_RE.findall(normalise(" | ".join(text for text in texts if text)))):
        if "\uac00" <= piece[0] <= "\ud7a3":  # a Hangul run (TOKEN_RE's runs start with a syllable)
            tokens.update(dict.fromkeys(_run_grams(piece)))
        else:
            latin.append(piece)
    tokens.update(dict.fromkeys(word if word.isdigit() else english_stem(word) for word in latin))
    return tokens, sorted(latin)


@functools.lru_cache(maxsize=65536)
def _run_grams(run: str) -> tuple[str, ...]:
    return tuple(hangul_grams(compact_hangul(run)))
