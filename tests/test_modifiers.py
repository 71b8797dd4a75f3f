import json
import shutil

import numpy as np
import pytest

from lstmdemo import checkpoint
from lstmdemo.__main__ import main
from lstmdemo.gates import GateTrace, retention
from lstmdemo.i18n import sayer
from lstmdemo.modifiers import (
    LEXICON,
    ModifierReport,
    ShareStudy,
    corpus_frequencies,
    frequency_bin,
    gate_readings,
    is_content,
    kind_of,
    ranks,
    shares,
    verdict,
)


def test_lexicon_kinds():
    assert kind_of("not") == kind_of("n't") == kind_of("never") == kind_of("without") == "negation"
    assert kind_of("very") == kind_of("extremely") == "intensifier"
    assert kind_of("barely") == kind_of("slightly") == kind_of("hardly") == "diminisher"
    assert kind_of("market") is None
    assert not set.intersection(*(set(ws) for ws in LEXICON.values()))
    assert is_content("market") and not is_content("the") and not is_content("not") and not is_content("1.5")


def test_ranks_and_shares():
    assert ranks([0.1, 0.5, 0.1, 0.3]) == [3, 1, 4, 2]
    assert shares([1.0, -3.0]) == [0.25, 0.75]
    assert shares([0.0, 0.0]) == [0.5, 0.5]


def _report(word: str, rank: int, n: int, share: float, predicted: str, without: str) -> ModifierReport:
    return ModifierReport(0, word, "negation", rank, n, share, 0.9, 0.8, without, without != predicted)


def test_verdict_wording():
    say = sayer("en")
    assert verdict(_report("not", 7, 9, 0.02, "Business", "Business"), "topic", say) == (
        "'not' ranks 7 of 9 words and holds 2% of the attribution: the LSTM barely weighs it; "
        "removing it leaves the topic at Business."
    )
    assert verdict(_report("never", 1, 4, 0.5, "World", "Sports"), "topic", say).endswith(
        "the LSTM does weigh it; removing it changes the topic to Sports."
    )
    assert "less than an average word" in verdict(_report("very", 3, 5, 0.15, "World", "World"), "topic", say)
    assert verdict(_report("not", 1, 5, 0.6, "Negative", "Positive"), "sentiment", say).endswith(
        "removing it changes the sentiment to Positive."
    )


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


def _trace(i, g, f):
    i, g, f = (np.array(x, dtype=np.float32) for x in (i, g, f))
    return GateTrace(i=i, f=f, g=g, o=np.ones_like(i), c=np.zeros_like(i), h=np.zeros_like(i))


def test_gate_readings_on_known_numbers():
    # 2 layers, 3 words, 2 units; layer 0 hand-made, layer 1 with every input gate at 0.5
    i0 = [[0.5, 0.5], [0.2, 0.2], [0.9, 0.7]]
    g0 = [[1.0, 1.0], [1.0, -1.0], [0.5, 0.5]]
    f0 = [[0.1, 0.1], [0.5, 0.5], [0.5, 1.0]]
    trace = _trace([i0, [[0.5, 0.5]] * 3], [g0, g0], [f0, f0])
    (m,) = gate_readings(["It", "NOT", "good"], ["it", "not", "good"], trace, retention(trace))
    assert (m.index, m.word, m.kind, m.n_tokens) == (1, "NOT", "negation", 3)
    r0, r1 = m.layers
    assert r0.layer == 0 and r0.input_gate == pytest.approx(0.2)
    assert r0.input_gate_others == pytest.approx(0.65) and r0.input_ratio == pytest.approx(0.2 / 0.65)
    assert r0.input_rank == 3 and r0.written == pytest.approx(0.2)
    # survival after "not": f of "good" = [0.5, 1.0]; both units got |i*g| = 0.2
    assert r0.kept == pytest.approx(0.75)
    # "it": survival [0.25, 0.5] weighted by [0.5, 0.5] -> 0.375; "good" is last -> 1.0
    assert r0.kept_others == pytest.approx((0.375 + 1.0) / 2)
    assert r1.input_ratio == pytest.approx(1.0) and r1.input_rank == 2  # a tie, broken by position


def test_gate_readings_of_a_one_word_sentence_and_without_writes():
    trace = _trace([[[0.3, 0.3]]], [[[0.0, 0.0]]], [[[0.9, 0.9]]])
    (m,) = gate_readings(["Never"], ["never"], trace, retention(trace))
    (r,) = m.layers
    assert r.input_gate_others is None and r.input_ratio is None and r.kept_others is None
    assert r.written == 0.0 and r.kept == pytest.approx(1.0)  # nothing written: plain survival
    assert gate_readings(["good"], ["good"], trace, retention(trace)) == ()


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


def test_modifiers_cli_reads_through_the_task_and_stores_the_control(tiny_dir, tmp_path, capsys):
    weights = shutil.copytree(tiny_dir / "lstm", tmp_path / "lstm")
    (tmp_path / "test.csv").write_text('3,"The company stocks did not rise very much"\n2,"The team won"\n')
    (tmp_path / "train.csv").write_text('3,"Stocks did not rise"\n1,"Rebels attacked the capital"\n')
    args = ["modifiers", "--model", str(weights), "--data", str(tmp_path / "test.csv")]
    assert main([*args, "--train", str(tmp_path / "train.csv"), "--steps", "2", "--json", "--save"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["task"], out["data"], out["frequencies"], out["n_sentences"]) == ("topic", "test.csv", "train.csv", 2)
    # "not", "the" (function) and "stocks" (content) were each seen once in training: one bin
    assert out["frequency_matched"]["negation"]["occurrences"] == 1
    assert checkpoint.read_card(weights)["modifier_study"] == out
