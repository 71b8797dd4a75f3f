"""The memory experiment: its sentences, its models, the stored results and what the page reads of them."""

import dataclasses
import json

import numpy as np
import pytest
import torch

from lstmdemo.__main__ import main
from lstmdemo.lessons import dependency
from lstmdemo.studies import memory
from lstmdemo.studies import memory_sentences as sentences
from lstmdemo.studies import memory_training as training

CHAPTER = (
    "the cat , which was sitting on the mat in the living room , and had been sleeping for hours , finally woke up"
)
stored = pytest.mark.skipif(memory.read_card() is None, reason="no stored memory experiment in weights/memory")


def test_the_chapters_sentence_is_the_experiment_at_n_17_and_every_n_is_filled_exactly():
    assert " ".join(sentences.chapter_sentence("cat", 17)) == CHAPTER
    rng = np.random.default_rng(0)
    for n in (1, 5, 17, 40, 80, 150):
        assert len(sentences.random_filler(n, rng)) == n and len(sentences.chapter_filler(n)) == n
        tokens = sentences.chapter_sentence("dog", n)
        assert len(tokens) == n + sentences.EXTRA_TOKENS and tokens[sentences.LABEL_POSITION] == "dog"
    words, stoi = memory.vocabulary()
    assert words[:2] == ("<pad>", "<unk>") and not ({"cat", "dog"} & set(words[2:]) - {"cat", "dog"})
    a, b = (sentences.held_out("test", 20, 50, stoi) for _ in range(2))
    assert torch.equal(a.ids, b.ids) and torch.equal(a.labels, b.labels)  # the same test draw for every model
    assert not torch.equal(sentences.held_out("valid", 20, 50, stoi).ids, a.ids)


def test_an_open_forget_gate_keeps_the_gradient_that_a_plain_start_loses():
    words, stoi = memory.vocabulary()
    rows = memory.glove_rows(words)
    torch.manual_seed(0)
    lstm = training.build("lstm", 3.0, rows)
    assert training.effective_forget_bias(lstm.rnn) == pytest.approx([3.0, 3.0])
    torch.manual_seed(0)
    rnn = training.build("rnn", None, rows)
    probe = sentences.held_out("probe", 20, 64, stoi)
    open_gate, plain = training.gradient_reach(lstm, probe), training.gradient_reach(rnn, probe)
    assert open_gate.animal_geo > 0.1 and plain.animal_geo < 1e-4  # before any training: the chapter's 0.5^20
    assert plain.factor == pytest.approx(plain.animal_geo ** (1 / 25))
    with pytest.raises(ValueError, match="an RNN has no forget gate"):
        training.build("rnn", 3.0, rows)


@stored
def test_the_stored_experiment_shows_the_chapters_result():
    d = dependency.read(memory.read_card())
    rnn, lstm, plain = d.curves["rnn"], d.curves["lstm"], d.curves["lstm_bias0"]
    assert d.textbook and d.ns == (5, 10, 20, 40, 80) and len(rnn.seeds[0]) == 3
    assert (rnn.holds_up_to, rnn.chance_from) == (10, 40)  # N = 20: two of three trainings learn it
    assert lstm.holds_up_to == 80 and min(lstm.means) == 1.0
    assert plain.chance_from == 20  # PyTorch's default forget bias: the LSTM fails before the RNN does
    i = d.ns.index(40)
    assert rnn.reach_start[i] < 1e-9 and rnn.reach_end[i] < rnn.reach_start[i]  # vanished, and stays so
    assert lstm.reach_start[i] > 1 and d.forget_bias == {"rnn": None, "lstm": 3.0, "lstm_bias0": None}


@stored
def test_the_pages_answers_are_what_the_shipped_models_answer():
    d = dependency.read(memory.read_card())
    for (n, animal), answers in d.answers.items():
        for name, a in answers.items():
            live = memory.answer(n, name, animal)
            assert (live["answer"], live["probability"]) == (a.answer, pytest.approx(a.probability, abs=1e-4))
    assert d.sentences[(40, "cat")].startswith("the cat , which was sitting on the mat")


@stored
def test_the_command_prints_each_models_accuracy_per_n_and_seed(capsys):
    assert main(["memory", "--json"]) == 0
    table = json.loads(capsys.readouterr().out)
    assert set(table) == {"rnn", "lstm", "lstm_bias0"} and table["lstm"]["80"] == [1.0, 1.0, 1.0]
    assert main(["memory"]) == 0 and "N=40" in capsys.readouterr().out


@stored
@pytest.mark.slow
def test_one_training_reproduces_its_stored_result_exactly():
    words, stoi = memory.vocabulary()
    v = memory.variant("lstm_bias0")
    recipe = dataclasses.replace(memory.RECIPE, lr=v.lr)
    run = training.train(v.arch, v.forget_bias, recipe, 10, 0, memory.glove_rows(words), stoi)
    cell = memory.read_card()["results"]["lstm_bias0"]["10"]
    test = training.accuracy(run.model, sentences.held_out("test", 10, 1000, stoi))
    assert round(test, 4) == cell["test_accuracy"][0] and round(run.valid_accuracy, 4) == cell["valid_accuracy"][0]


@stored
def test_the_pages_table_calls_one_answer_for_both_animals_a_guess():
    from lstmdemo.i18n import sayer
    from lstmdemo.ui.lessons import dependency as page

    d = dependency.read(memory.read_card())
    en = page.answers_markdown(d, 40, "lstm", sayer("en"))
    rnn = "- **RNN**: “the cat …” → cat 54% ✓ · “the dog …” → cat 54% ✗ wrong. **No**: it says cat whichever"
    lstm = "“the cat …” → cat 100% ✓ · “the dog …” → dog 100% ✓. **Yes**: each animal gets its own answer."
    assert rnn in en and lstm in en
    assert "**기억 못 함**: 어느 동물이 먼저 와도 답은 cat입니다." in page.answers_markdown(d, 40, "lstm", sayer("ko"))
