"""Revised Romanization of Korean, letter by letter (no sound-change rules).

Company names are indexed in romanised form too, so a foreign user who types a name as
it sounds ('Raon Metal') finds '라온메탈' even when the firm gave no English name.
"""

INITIALS = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
VOWELS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
FINALS = [
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
]
FIRST, LAST = 0xAC00, 0xD7A3


def romanize(text: str) -> str:
    """'라온메탈' -> 'raonmetal'; characters that are not Hangul syllables are kept."""
    out = []
    for char in text:
        code = ord(char)
        if FIRST <= code <= LAST:
            offset = code - FIRST
            out.append(INITIALS[offset // 588] + VOWELS[(offset % 588) // 28] + FINALS[offset % 28])
        else:
            out.append(char)
    return "".join(out)
