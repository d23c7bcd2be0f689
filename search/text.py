"""Text normalisation shared by indexing and querying. Plain Python, no Django.

Documents and queries go through the same steps, so that what a user types and what a
company wrote meet in the middle:

- Hangul runs are compacted (spaces between Hangul syllables removed: '터빈 블레이드'
  and '터빈블레이드' become the same) and indexed as overlapping syllable bigrams, so any
  Korean word of two or more syllables is found as a contiguous phrase of bigrams anywhere
  inside a compound ('블레이드' inside '터빈블레이드정밀가공').
- Latin words are lower-cased, British spellings mapped to American, and stemmed
  (Snowball English: 'machined', 'machining' -> 'machin').
- Digits are kept as words; identifiers (registration numbers, NSN, HS codes) go to a
  separate codes field.
"""

from __future__ import annotations

import functools
import re
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

_stemmer = snowballstemmer.stemmer("english")


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become plain), lower case, no control characters."""
    return CONTROL_RE.sub(" ", unicodedata.normalize("NFKC", text or "")).lower()


def has_hangul(text: str) -> bool:
    return bool(HANGUL_RE.search(text))


def compact_hangul(run: str) -> str:
    """'터빈 블레이드' -> '터빈블레이드'."""
    return re.sub(r"\s+", "", run)


def hangul_grams(compact: str) -> list[str]:
    """Overlapping syllable bigrams; a one-syllable run is kept as it is."""
    if len(compact) < 2:
        return [compact] if compact else []
    return [compact[i : i + 2] for i in range(len(compact) - 1)]


@functools.lru_cache(maxsize=65536)
def english_stem(word: str) -> str:
    """Spelling-normalised Snowball stem of one lower-case Latin word."""
    word = word.replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return _stemmer.stemWord(BRITISH_TO_AMERICAN.get(word, word))


def tokens(text: str) -> list[str]:
    """Index tokens of a text: Hangul bigrams of each compacted run, stemmed Latin words, digits."""
    out: list[str] = []
    for match in TOKEN_RE.finditer(normalise(text)):
        piece = match.group(0)
        if has_hangul(piece):
            out.extend(hangul_grams(compact_hangul(piece)))
        elif piece.isdigit():
            out.append(piece)
        else:
            out.append(english_stem(piece))
    return out


def token_text(*texts: str) -> str:
    """Texts turned into one space-separated token string (what the full-text index stores)."""
    return " ".join(" ".join(tokens(text)) for text in texts if text)


def english_words(text: str) -> list[str]:
    """The Latin words of a text, lower-cased, for the typo-correction vocabulary."""
    return [m.group(0) for m in TOKEN_RE.finditer(normalise(text)) if not has_hangul(m.group(0))]
