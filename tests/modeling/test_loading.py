"""The model lock: passes one at a time, quick ones first, and background work handing over between rounds."""

import threading
import time

from lstmdemo import budget
from lstmdemo.modeling.loading import ModelLock


def _start(fn) -> threading.Thread:
    t = threading.Thread(target=fn, daemon=True)
    t.start()
    return t


def test_background_work_hands_the_model_over_between_its_rounds():
    lock, order, started = ModelLock(), [], threading.Event()

    def background():
        with lock.background(), lock:
            started.set()
            for r in range(3):
                time.sleep(0.05)
                order.append(f"round {r}")
                lock.handover()

    def quick():
        started.wait()
        with lock:
            order.append("quick")

    threads = [_start(background), _start(quick)]
    for t in threads:
        t.join(5)
    assert order == ["round 0", "quick", "round 1", "round 2"]


def test_a_waiting_quick_pass_goes_before_waiting_background_work():
    lock, order, holding = ModelLock(), [], threading.Event()

    def holder():
        with lock:
            holding.set()
            time.sleep(0.15)

    def background():
        with lock.background(), lock:
            order.append("background")

    def quick():
        with lock:
            order.append("quick")

    threads = [_start(holder)]
    holding.wait()
    threads.append(_start(background))
    time.sleep(0.05)  # the background pass waits first ...
    threads.append(_start(quick))  # ... and the quick one, arriving later, still goes first
    for t in threads:
        t.join(5)
    assert order == ["quick", "background"]


def test_handing_over_with_nobody_waiting_or_outside_background_work_keeps_the_lock():
    lock = ModelLock()
    with lock:
        lock.handover()  # not background work: nothing happens
        assert lock._owner == threading.get_ident()
    with lock.background(), lock:
        lock.handover()  # nobody waits
        assert lock._owner == threading.get_ident()
    lock.handover()  # not holding it: nothing happens


def test_background_work_pauses_between_steps_while_a_quick_request_is_under_way():
    lock, order, quick_running = ModelLock(), [], threading.Event()

    def quick():
        with lock.foreground():
            quick_running.set()
            time.sleep(0.15)
            order.append("quick done")

    def background():
        quick_running.wait()
        with lock.background():
            lock.yield_to_foreground()
            order.append("background step")

    threads = [_start(quick), _start(background)]
    for t in threads:
        t.join(5)
    assert order == ["quick done", "background step"]
    lock.yield_to_foreground()  # not background work: never waits


def test_a_handover_cancelled_while_waiting_never_frees_the_lock_another_pass_holds():
    lock, quick_in, quick_done, outcome = ModelLock(), threading.Event(), threading.Event(), []

    def background():
        stop = threading.Event()
        with budget.within(60, stop), lock.background():
            try:
                with lock:
                    quick_in.wait(5)  # a quick pass is waiting for the lock now
                    stop.set()  # the visitor left while this one hands over
                    lock.handover()
            except budget.Cancelled:
                outcome.append("cancelled")

    def quick():
        time.sleep(0.05)
        quick_in.set()
        with lock:
            time.sleep(0.3)  # the cancelled handover ends meanwhile
            outcome.append("owner kept" if lock._owner == threading.get_ident() else "owner lost")
        quick_done.set()

    threads = [_start(background), _start(quick)]
    for t in threads:
        t.join(5)
    assert quick_done.is_set() and sorted(outcome) == ["cancelled", "owner kept"]
