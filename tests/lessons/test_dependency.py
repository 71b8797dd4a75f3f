"""The memory lesson's reading of the experiment: what counts as holding, guessing, and remembering."""

from lstmdemo.lessons import dependency


def _card(means: dict[str, list[float]], answers: dict[tuple[int, str], dict[str, str]]) -> dict:
    ns = [5, 40]
    cell = {"reach": {"animal_geo": [1.0, 1.0], "factor": [1.0]}}
    results = {
        name: {str(n): {**cell, "mean": m, "test_accuracy": [m, m, m]} for n, m in zip(ns, ms, strict=True)}
        for name, ms in means.items()
    }
    page = [
        {
            "n": n,
            "animal": animal,
            "sentence": f"the {animal} , finally woke up",
            "answers": {name: {"answer": said, "probability": 0.54} for name, said in by_model.items()},
        }
        for (n, animal), by_model in answers.items()
    ]
    variants = [{"name": name, "forget_bias": 3.0 if name == "lstm" else None} for name in means]
    return {"results": results, "page": page, "protocol": {"variants": variants}}


CARD = _card(
    {"rnn": [1.0, 0.5], "lstm": [1.0, 1.0], "lstm_bias0": [0.99, 0.55]},
    {
        (40, "cat"): {"rnn": "cat", "lstm": "cat", "lstm_bias0": "dog"},
        (40, "dog"): {"rnn": "cat", "lstm": "dog", "lstm_bias0": "cat"},
    },
)


def test_one_answer_for_both_animals_is_a_guess_even_where_it_is_right():
    d = dependency.read(CARD)
    assert d.answers[(40, "cat")]["rnn"].right  # right on the cat sentence ...
    assert d.remembers(40, "rnn") is False and d.same_answer(40, "rnn") == "cat"  # ... by saying cat always
    assert d.remembers(40, "lstm") is True and d.same_answer(40, "lstm") is None
    assert d.remembers(40, "lstm_bias0") is False and d.same_answer(40, "lstm_bias0") is None  # swapped
    assert d.remembers(5, "rnn") is None  # no sentence stored at N = 5


def test_holding_and_chance_are_read_from_the_mean_over_seeds():
    d = dependency.read(CARD)
    assert (d.curves["rnn"].holds_up_to, d.curves["rnn"].chance_from) == (5, 40)
    assert d.curves["lstm"].holds_up_to == 40 and d.curves["lstm"].chance_from is None
    assert d.textbook and d.forget_bias == {"rnn": None, "lstm": 3.0, "lstm_bias0": None}
    flat = dependency.read(_card({"rnn": [1.0, 0.97], "lstm": [1.0, 1.0], "lstm_bias0": [1.0, 1.0]}, {}))
    assert not flat.textbook  # the RNN never falls to chance: not the chapter's result
