"""LIX, the readability index the easy-to-read map is held to (pathways/lix.py): known sentences."""

import pytest

from pathways import lix


def test_short_everyday_sentences_score_low():
    # 7 words, 2 sentences, no word longer than six letters ("Kiruna" has six).
    assert lix.score("Jag heter Anna. Jag bor i Kiruna.") == pytest.approx(3.5)


def test_long_words_and_long_sentences_score_high():
    # 4 words, 1 sentence, 2 long words: 4 + 50.
    assert lix.score("Rehabiliteringen sker på hälsocentralen.") == pytest.approx(54)


def test_a_last_sentence_without_its_full_stop_counts_and_numbers_are_not_words():
    # "Ring 0920-123 45" is one word in one sentence; "Öppet: 8–17" another.
    assert lix.sentences("Ring 0920-123 45") == 1
    assert lix.words("Ring 0920-123 45. Öppet: 8–17") == ["Ring", "Öppet"]
    assert lix.score("Ring 0920-123 45. Öppet: 8–17") == pytest.approx(1)


def test_a_hyphenated_word_is_one_word_and_its_letters_count_without_the_hyphen():
    assert lix.words("barn- och ungdomshabilitering, Rehab-team") == [
        "barn",
        "och",
        "ungdomshabilitering",
        "Rehab-team",
    ]
    assert lix.score("Rehab-team") == pytest.approx(1 + 100)


def test_official_prose_scores_over_forty():
    text = (
        "Kan du inte ta dig till hälsocentralen kan du få vård och rehabilitering hemma av "
        "kommunens hemsjukvård. Hälsocentralen eller kommunens personal bedömer först ditt behov."
    )
    assert lix.score(text) > 40


def test_no_words_score_zero():
    assert lix.score("") == 0
    assert lix.score("112") == 0
