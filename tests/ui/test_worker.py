"""The lanes' worker processes: results come back on the server's own components, refusals as refusals,
stops and the time budget reach the child, and a dead worker leaves its lane computing in the server."""

import asyncio
import contextlib
import os
import time

import gradio as gr
import pytest

from lstmdemo import budget
from lstmdemo.ui import build_demo, lanes, serving
from lstmdemo.ui import worker as worker_module
from lstmdemo.ui.worker import Worker, WorkerGone
from tests.support.visitor import page_inputs
from tests.ui.test_lanes import LONG, SHORT

BOX = gr.Textbox(render=False)


def page(text: str, lang: str = "en") -> dict:
    """A page handler: its result on a component, and which process computed it."""
    return {BOX: text, "pid": os.getpid(), "nice": os.nice(0)}


def refuse(text: str, lang: str = "en") -> str:
    raise gr.Error("not this text", print_exception=False)


def work_until_stopped(text: str, lang: str = "en") -> str:
    while True:
        budget.check()
        time.sleep(0.01)


def work_until_spent(text: str, lang: str = "en") -> str:
    while not budget.spent():
        time.sleep(0.01)
    return "spent"


def die(text: str, lang: str = "en") -> str:
    os._exit(1)


HANDLERS = {0: page, 1: refuse, 2: work_until_stopped, 3: work_until_spent, 4: die}


@pytest.fixture
def worker():
    w = Worker(HANDLERS, {BOX._id: BOX}, seconds=0.3)
    assert w.start()
    yield w
    w.close()


def test_a_result_comes_back_on_the_servers_own_component_from_a_niced_child(worker):
    done, _ = worker.submit(0, ("hello",), {})
    result = done.result(10)
    assert result[BOX] == "hello" and result["pid"] == worker.process.pid != os.getpid()
    assert result["nice"] == 19


def test_a_refusal_comes_back_as_a_refusal(worker):
    done, _ = worker.submit(1, ("x",), {})
    with pytest.raises(gr.Error) as refused:
        done.result(10)
    assert refused.value.message == "not this text"


def test_a_stop_and_the_time_budget_reach_the_child(worker):
    done, stop = worker.submit(2, ("x",), {})
    time.sleep(0.2)
    stop()
    with pytest.raises(budget.Cancelled):
        done.result(10)
    t0 = time.perf_counter()
    assert worker.submit(3, ("x",), {})[0].result(10) == "spent"
    assert time.perf_counter() - t0 < 2.0


def test_a_dead_child_fails_its_jobs_and_a_closed_one_ends(worker):
    done, _ = worker.submit(4, ("x",), {})
    with pytest.raises(WorkerGone):
        done.result(10)
    worker.process.join(5)
    assert not worker.alive
    with pytest.raises(WorkerGone):
        worker.submit(0, ("x",), {})

    other = Worker(HANDLERS, {}, seconds=1.0)
    other.start()
    other.close()
    assert other.process.exitcode == 0


def test_each_lane_computes_in_its_own_worker_and_in_the_server_without_it():
    async def go():
        shared = lanes.Lanes()
        run = shared.explaining(page, key=0)
        shared.start_workers({BOX._id: BOX})
        try:
            long, quick = await run(LONG), await run(SHORT)
            assert long[BOX] == LONG and long["pid"] == shared.long.worker.process.pid and long["nice"] == 19
            assert quick[BOX] == SHORT and quick["pid"] == shared.quick.worker.process.pid
            assert len({os.getpid(), long["pid"], quick["pid"]}) == 3 and quick["nice"] == os.nice(0)
            shared.long.worker.close()
            await asyncio.sleep(0.1)
            assert (await run(LONG))["pid"] == os.getpid()  # the long lane's worker is gone: the server computes
            assert (await run(SHORT))["pid"] == quick["pid"]
            shared.quick.worker.close()
            await asyncio.sleep(0.1)
            assert (await run(SHORT))["pid"] == os.getpid()
        finally:
            shared.close_workers()

    asyncio.run(go())


def test_the_page_explains_in_its_lanes_workers_on_its_own_components(tiny_dir):
    demo = build_demo(tiny_dir / "lstm", tiny_dir / "rnn")
    inputs = page_inputs(LONG, "topic")
    key, fn = next(
        (k, f.fn)
        for k, f in demo.fns.items()
        if f.concurrency_id == serving.EXPLAIN_ID and len(f.inputs) == len(inputs)
    )
    serving.start_workers(demo)
    quick, long = demo.lanes.quick.worker, demo.lanes.long.worker
    try:
        for text, worker in ((LONG, long), (SHORT, quick)):
            shown = asyncio.run(fn(*page_inputs(text, "topic")))
            assert worker.answered == 1 and demo.lanes.handlers[key] is fn.__wrapped__
            assert shown and all(any(k is b for b in demo.blocks.values()) for k in shown)
        assert long.answered == quick.answered == 1
    finally:
        demo.lanes.close_workers()


def test_a_job_that_never_answers_stops_the_worker_and_the_lanes_compute_here(monkeypatch):
    monkeypatch.setattr(worker_module, "ANSWER_WITHIN", 2)
    hung = Worker({0: lambda text, lang="en": time.sleep(60)}, {}, seconds=0.5)
    assert hung.start()
    done, _ = hung.submit(0, ("x",), {})
    with pytest.raises(WorkerGone):
        done.result(20)
    hung.process.join(5)
    assert not hung.alive and hung.process.exitcode is not None


def test_a_hung_job_is_found_while_the_workers_other_jobs_keep_answering(monkeypatch):
    monkeypatch.setattr(worker_module, "ANSWER_WITHIN", 2)
    busy = Worker({0: lambda text, lang="en": time.sleep(60), 1: page}, {BOX._id: BOX}, seconds=0.5)
    assert busy.start()
    hung, _ = busy.submit(0, ("x",), {})
    t0 = time.monotonic()
    try:
        while not hung.done() and time.monotonic() - t0 < 10:
            with contextlib.suppress(WorkerGone):  # the child may be stopped between the check and the submit
                busy.submit(1, ("answered",), {})[0].result(5)  # an answer every 0.3 s: never quiet for 1 s
            time.sleep(0.3)
        with pytest.raises(WorkerGone):
            hung.result(0)
        assert time.monotonic() - t0 < 5
    finally:
        busy.close()


def test_a_child_ends_when_the_server_closes_its_pipe_though_another_child_was_forked_after_it():
    shared = lanes.Lanes()
    shared.explaining(page, key=0)
    shared.start_workers({BOX._id: BOX})
    try:
        quick = shared.quick.worker
        quick.conn.close()  # no "exit" sent: only the pipe's end tells the child, if no copy of it is left open
        quick.process.join(5)
        assert quick.process.exitcode == 0
    finally:
        shared.close_workers()
