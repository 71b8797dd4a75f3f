"""Shares of the attribution by kind of word over many sentences, with a frequency-matched control."""

import pytest

from lstmdemo.studies.word_shares import ShareStudy, corpus_frequencies, frequency_bin


def test_share_study_groups_and_relative_shares():
    study = ShareStudy()
    study.add(["stocks", "did", "not", "rise"], [0.6, 0.1, -0.1, 0.2])
    study.add(["very", "good"], [0.0, 1.0])
    s = study.summary()
    assert s["n_sentences"] == 2 and s["n_sentences_with_modifier"] == 2
    assert s["all"]["occurrences"] == 6 and s["all"]["mean_relative_share"] == pytest.approx(1.0)
    assert s["modifier"]["occurrences"] == 2
    assert s["modifier"]["mean_share"] == pytest.approx((0.1 + 0.0) / 2)
    assert s["modifier"]["mean_relative_share"] == pytest.approx((0.1 * 4 + 0.0 * 2) / 2)
    assert s["by_kind"]["negation"]["occurrences"] == 1 and s["by_kind"]["diminisher"]["occurrences"] == 0
    assert s["by_kind"]["diminisher"]["mean_share"] is None
    assert s["content"]["occurrences"] == 3  # stocks, rise, good ("did" is a stopword)
    # "not" ties with "did" and comes after it: rank 4 of 4, the bottom percentile
    assert s["by_kind"]["negation"]["mean_rank_percentile"] == 0.0
    assert s["by_kind"]["intensifier"]["mean_rank_percentile"] == 0.0  # "very" ranks 2 of 2


def test_frequency_bins_are_factors_of_two():
    assert [frequency_bin(c) for c in (0, 1, 2, 3, 4, 100, 127, 128)] == [0, 1, 2, 2, 3, 7, 7, 8]


def test_share_study_frequency_matched_control():
    counts = {"the": 120, "not": 100, "stocks": 110, "of": 5000, "very": 10}  # bins 7, 7, 7, 13, 4
    study = ShareStudy(counts)
    study.add(["the", "stocks", "not", "of"], [0.1, 0.4, -0.2, 0.3])  # relative shares 0.4, 1.6, 0.8, 1.2
    study.add(["very", "good"], [0.5, 0.5])
    s = study.summary()
    assert s["function"]["occurrences"] == 2 and s["function"]["mean_relative_share"] == pytest.approx(0.8)
    m = s["frequency_matched"]["modifier"]
    # "not" shares bin 7 with "the" (function) and "stocks" (content); "very" has no function word beside it
    assert m["occurrences"] == 1 and m["coverage"] == pytest.approx(0.5)
    assert m["group"]["mean_relative_share"] == pytest.approx(0.8)
    assert m["function_words"]["mean_relative_share"] == pytest.approx(0.4)
    assert m["content_words"]["mean_relative_share"] == pytest.approx(1.6)
    assert m["group"]["mean_rank_percentile"] == pytest.approx(1 / 3)
    assert m["function_words"]["mean_rank_percentile"] == 0.0
    assert s["frequency_matched"]["negation"] == {**m, "coverage": 1.0}  # "not" is the only negation
    intensifier = s["frequency_matched"]["intensifier"]
    assert intensifier["occurrences"] == 0 and intensifier["coverage"] == 0.0
    assert intensifier["function_words"]["mean_relative_share"] is None
    assert s["frequency_matched"]["diminisher"]["coverage"] is None  # none seen
    assert "frequency_matched" not in ShareStudy().summary()


def test_corpus_frequencies_count_normalised_tokens():
    assert corpus_frequencies(["It isn't bad.", "Not BAD"]) == {"it": 1, "is": 1, "n't": 1, "bad": 2, ".": 1, "not": 1}
