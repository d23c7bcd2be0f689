"""Text normalisation and query parsing, without a database."""

import pytest

from search.glossary import Glossary
from search.query import MAX_QUERY_CHARS, MAX_TERMS, korean_phrase, parse
from search.romanize import romanize
from search.text import hangul_grams, index_text, token_text
from search.vocabulary import Vocabulary, one_edit_apart

GLOSSARY = Glossary.from_pairs(
    [
        ("착륙장치", "landing gear"),
        ("작동기", "actuator"),
        ("레이돔", "radome"),
        ("베어링", "bearing"),
        ("가공", "machining"),
    ]
)


def labels(query):
    return [[alt.label for alt in term.alternatives] for term in query.terms]


def test_spacing_does_not_change_korean_tokens():
    assert token_text("터빈 블레이드") == token_text("터빈블레이드")
    assert token_text("터빈블레이드").split() == [
        *["터빈", "빈블", "블레", "레이", "이드"],
        *["터빈블", "빈블레", "블레이", "레이드"],
    ]
    assert hangul_grams("총") == ["총"]


def test_a_korean_word_is_one_token_or_its_trigrams():
    assert korean_phrase("가공").tokens == ("가공",)
    assert korean_phrase("레이돔").tokens == ("레이돔",)
    assert korean_phrase("블레이드").tokens == ("블레이", "레이드")
    assert korean_phrase("총").prefix
    # Every query token of a word inside a compound is among the compound's index tokens.
    assert set(korean_phrase("블레이드").tokens) <= set(token_text("터빈블레이드정밀가공").split())


def test_english_tokens_are_stemmed_and_spelled_the_american_way():
    assert token_text("Machined machining") == "machin"
    assert token_text("armoured Defence aluminium") == token_text("armored defense aluminum")
    assert token_text("\uff21\uff22\uff23\uff11\uff12\uff13") == "abc123"  # full-width input is normalised


def test_texts_of_a_document_are_analysed_apart():
    tokens, words = index_text(["터빈", "블레이드", "Machined parts"])
    assert "빈블" not in tokens.split() and "블레이드" not in tokens.split()
    assert words == ["machined", "parts"]


@pytest.mark.parametrize(
    "query,cleaned", [("터빈블레이드를", "터빈블레이드"), ("착륙장치의", "착륙장치"), ("레이돔을", "레이돔")]
)
def test_particles_are_stripped(query, cleaned):
    assert parse(query, glossary=GLOSSARY).terms[0].alternatives[0].label == cleaned


def test_meaningless_words_are_dropped_not_required():
    parsed = parse("착륙장치를 만드는 업체", glossary=GLOSSARY)
    assert [term.text for term in parsed.terms] == ["착륙장치를"]
    parsed = parse("companies that make landing gear", glossary=GLOSSARY)
    assert [term.text for term in parsed.terms] == ["landing gear"]


def test_glossary_expands_both_ways_and_joins_english_phrases():
    assert "landing gear" in labels(parse("착륙장치", glossary=GLOSSARY))[0]
    assert labels(parse("landing gear actuators", glossary=GLOSSARY))[0] == ["landing gear", "착륙장치"]
    assert "작동기" in labels(parse("actuators", glossary=GLOSSARY))[0]


def test_compound_korean_is_also_split_into_parts():
    parsed = parse("착륙장치작동기", glossary=GLOSSARY)
    all_labels = labels(parsed)[0]
    assert "착륙장치작동기" in all_labels and any(" " in label for label in all_labels)
    assert {"landing gear", "actuator"} <= set(all_labels)


def test_codes_are_recognised():
    assert parse("000-01-01011", glossary=GLOSSARY).codes == ["0000101011"]
    assert parse("NSN 1560-01-123-4567", glossary=GLOSSARY).codes == ["1560011234567"]
    assert parse("8411.91", glossary=GLOSSARY).codes == ["841191"]


def test_typos_of_five_or_more_letters_are_corrected_from_the_vocabulary():
    vocabulary = Vocabulary({"simulator", "actuator", "hydraulic"})
    parsed = parse("simulater hydralic", glossary=GLOSSARY, vocabulary=vocabulary)
    assert "simulator" in labels(parsed)[0] and "hydraulic" in labels(parsed)[1]
    assert one_edit_apart("actuater", "actuator") and not one_edit_apart("actuator", "actuator")
    assert one_edit_apart("form", "from") and not one_edit_apart("abcd", "dcba")


def test_english_compounds_join_and_split():
    vocabulary = Vocabulary({"rangefinder", "heat", "sink"})
    assert labels(parse("range finder", glossary=GLOSSARY, vocabulary=vocabulary))[0][0] == "rangefinder"
    assert "heat sink" in labels(parse("heatsink", glossary=GLOSSARY, vocabulary=vocabulary))[0]


HOSTILE = [
    "",
    "   ",
    "a",
    "가",
    "x" * 10_000,
    "!!! ??? ...",
    "\" * ( ) NEAR AND OR ^ : - ' ;",
    "'; DROP TABLE search_searchentry; --",
    'title : "x" OR body : *',
    "터빈 blade 混合 テスト 🚀🚀",
    "\ufffd\ufffd",
    "\x00\x01\x02",
    " ".join(["word"] * 500),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_parse_within_limits(text):
    parsed = parse(text, glossary=GLOSSARY)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert len(parsed.terms) <= MAX_TERMS
    for term in parsed.terms:
        for alternative in term.alternatives:
            for phrase in alternative.phrases:
                assert all(token.isalnum() for token in phrase.tokens)


def test_romanisation():
    assert romanize("라온메탈") == "raonmetal"
    assert romanize("솔바람 정밀") == "solbaram jeongmil"


def test_english_stems_are_right_when_threads_stem_at_once():
    """App servers run several threads per process; the stemmer must not mix their words up."""
    import threading

    from search.text import english_stem

    words = [
        f"{stem}{ending}"
        for stem in ("machin", "weld", "assembl", "calibrat")
        for ending in ("ing", "ed", "ings")
    ]
    expected = {word: english_stem.__wrapped__(word) for word in words}
    problems = []

    def stem_many():
        try:
            for _ in range(2000):
                for word in words:
                    if english_stem.__wrapped__(word) != expected[word]:
                        problems.append(word)
        except Exception as error:  # an IndexError from a stemmer shared across threads
            problems.append(repr(error))

    threads = [threading.Thread(target=stem_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not problems
