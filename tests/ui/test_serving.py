"""``python app.py`` as the public sees it: no route around the queue, no uploads, no 20 MB body, a few
queue places per visitor, and work that stops when it is cancelled. Visitors are told apart by the
address the Space's proxy writes (``LSTMDEMO_PROXY_HOPS=1``, as on a Space)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from lstmdemo.i18n import say
from lstmdemo.ui import guard
from tests.support import server as server_module
from tests.support.visitor import PageEvents, Visitor, page_inputs

SHORT = "The movie is not good, but the actors were wonderful"
PASTE = "the movie is not very good . " * 200  # 5.8 KB, 400 modifiers


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory):
    port = server_module.free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    with log.open("wb") as out:
        proc, _ = server_module.start_app(port, log=out, env={"LSTMDEMO_PROXY_HOPS": "1"})
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server_module.stop(proc)


@pytest.fixture(scope="module")
def events(url) -> PageEvents:
    v = Visitor(url)
    try:
        return PageEvents.of(v.config())
    finally:
        v.close()


def _page(text: str, task: str = "sentiment", lang: str = "en") -> list:
    return [*page_inputs(text, task)[:-1], lang]


def test_no_route_runs_a_queued_event_outside_the_queue(url, events):
    v = Visitor(url, "10.1.0.1")
    config = v.config()
    opening = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "opening")
    gloss = next(d["id"] for d in config["dependencies"] if d.get("api_name") == "gloss")
    for fn_index in (events.explain, events.api, events.relabel, opening):
        r = v.post("run/predict", {"data": _page(SHORT), "fn_index": fn_index, "session_hash": v.session})
        assert r.status_code == 422 and r.json()["detail"] == say("serving.direct"), fn_index
    for route in ("run/explain", "api/explain"):
        assert v.post(route, {"data": [SHORT]}).status_code == 422
    assert v.post("call/run", {"data": _page(SHORT)}).status_code == 404  # a private event: not by name either
    quick = v.post("run/predict", {"data": [SHORT, "sentiment", "en"], "fn_index": gloss, "session_hash": v.session})
    assert quick.status_code == 200  # what computes nothing still answers at once
    short = v.post("run/predict", {"data": [SHORT], "fn_index": gloss, "session_hash": v.session})
    assert short.status_code == 422  # not Gradio's traceback in the server's log


def test_uploads_and_huge_bodies_are_refused_before_they_are_read(url):
    v = Visitor(url, "10.1.0.2")
    upload_dir = Path("/tmp/gradio")
    before = set(upload_dir.rglob("*")) if upload_dir.exists() else set()
    files = {"files": ("big.txt", b"x" * (5 << 20), "text/plain")}
    assert v.http.post(v.url + "gradio_api/upload", files=files).status_code == 404
    assert (set(upload_dir.rglob("*")) if upload_dir.exists() else set()) == before
    t0 = time.perf_counter()
    huge = v.post("queue/join", raw=b'{"data": ["' + b"word " * (4 << 20) + b'"], "fn_index": 0}')
    assert huge.status_code == 413 and len(huge.content) < 1000 and time.perf_counter() - t0 < 1.0
    assert f"{guard.MAX_BODY // 1024} KB" in huge.json()["detail"]


def test_the_api_refuses_bad_arguments_before_queuing_and_reads_what_it_can(url, events):
    v = Visitor(url, "10.1.0.3")
    r = v.post("call/explain", {"data": [SHORT, "auto", "pad", "abc", "", None, 5, "ko"]})
    assert r.status_code == 422
    said = {d["parameter_name"]: d["message"] for d in r.json()["detail"] if not d["is_valid"]}
    assert said.keys() == {"n_steps", "tolerance", "model"} and all("받은 값" in m for m in said.values())
    answer = v.call(events.api, ["good \ud800 news " * 2000, "auto", "pad", 0, "sentiment", 0.01, "", "en"])
    out = json.loads(answer.data[0])
    assert out["truncated"] and "\ufffd" in out["text"] and len(out["text"]) <= 10_000


def test_a_visitor_holds_a_few_places_and_cancelled_work_stops(url, events):
    hog, other = Visitor(url, "10.1.0.4", timeout=120), Visitor(url, "10.1.0.5", timeout=120)
    joined = [hog.join(events.explain, _page(PASTE, "topic")) for _ in range(guard.PLACES + 3)]
    assert [r.status_code for r in joined] == [200] * guard.PLACES + [429] * 3
    assert other.call(events.explain, _page(SHORT)).ok  # others still get their turn, ahead of the long ones
    for r in joined[: guard.PLACES]:
        hog.cancel(events.explain, r.json()["event_id"])
    time.sleep(0.5)
    t0 = time.perf_counter()
    after = other.call(events.explain, _page(PASTE, "topic"))
    assert after.ok and time.perf_counter() - t0 < 10  # not behind four abandoned pastes
    assert hog.join(events.explain, _page(SHORT)).status_code == 200  # the cancelled places are free again


def test_a_paste_of_modifiers_is_explained_on_the_page_with_a_few_of_its_edits(url, events):
    answer = Visitor(url, "10.1.0.6", timeout=120).call(events.explain, _page(PASTE))
    assert answer.ok
    shown = "\n".join(x for x in answer.data if isinstance(x, str))
    assert "0 of the 57 automatic edits are shown" in shown
