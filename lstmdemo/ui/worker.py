"""A lane's work in a process of its own: the server's GIL is left to serving.

The server is one Python process: its event loop (every request, every answer sent), every quick
explanation and the long lane's passes took turns on one GIL and one model lock. Under a stream of pastes
and slow settings a quick request then waited for the long one's passes and for the GIL it held (benign
median 3.3x, ``benchmarks.attack``); when fifty visitors arrived together the quick explanations alone
held the GIL the event loop needed to take in and answer the others. ``Worker`` runs a lane's handlers in
a child forked from the built page before it serves (so it has the same handlers and models, nothing is
loaded twice), at the lane's CPU priority: the long lane's at 19 (``NICE``), computing on whatever CPU
the server and the quick lane leave free.

The parent sends (job, handler index, arguments) down a pipe; the child runs each job in a thread under
the request's time budget and answers with the result, its components named by id (the parent maps them
back to its own), or the message of a ``gr.Error``. A stop message stops a job at its next check. If the
child dies, its jobs fail with a fault and the lane computes in the server's process again.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

import gradio as gr
import torch
from gradio.blocks import Block

from .. import budget

log = logging.getLogger(__name__)

_BLOCK = "__lstmdemo_block__"
#: The long lane's CPU priority (19 is the lowest): it computes on what the server and quick requests leave.
NICE = 19
#: A job that has not answered after this many times its time budget is taken for a hung child.
ANSWER_WITHIN = 10

_SERVER_ENDS: weakref.WeakSet[Connection] = weakref.WeakSet()  # the server's end of each worker's pipe


class WorkerGone(Exception):
    """The worker process ended while a job was under way."""


class Worker:
    """A forked child named ``name`` that runs ``handlers`` (fn index -> the explaining handler) under
    ``seconds`` each, at CPU priority ``nice``."""

    def __init__(
        self,
        handlers: dict[int, Callable[..., Any]],
        blocks: dict[int, Block],
        seconds: float,
        *,
        nice: int = NICE,
        name: str = "lstmdemo-worker",
    ) -> None:
        self.handlers, self.blocks, self.seconds = handlers, blocks, seconds
        self.nice, self.name = nice, name
        self.jobs: dict[int, tuple[Future, float]] = {}  # job -> its future, and when it must have answered
        self.ids = itertools.count()
        self.lock = threading.Lock()  # the connection and the jobs
        self.conn: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        self.answered = 0

    @property
    def alive(self) -> bool:
        """Whether jobs can go to the child: it runs and its pipe is open (else the lane computes here)."""
        return self.conn is not None and self.process is not None and self.process.is_alive()

    def start(self) -> bool:
        """``fork`` and ``listen``: False where processes cannot be forked (the lane then stays in the
        server's process)."""
        if not self.fork():
            return False
        self.listen()
        return True

    def fork(self) -> bool:
        """Fork the child, before the server starts its threads (a thread's locks would be copied taken);
        False where processes cannot be forked."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return False
        gc.freeze()  # the child's collector leaves the objects it inherits (and the pages they share) alone
        parent, child = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=_serve,
            args=(child, [parent, *_SERVER_ENDS], os.getpid(), self.handlers, self.seconds, self.nice),
            name=self.name,
            daemon=True,
        )
        self.process.start()
        child.close()
        self.conn = parent
        _SERVER_ENDS.add(parent)
        return True

    def listen(self) -> None:
        """Take the child's answers in a thread of the server's (start it once every child is forked)."""
        if self.conn is not None:
            threading.Thread(target=self._listen, args=(self.conn,), name=f"{self.name}-answers", daemon=True).start()

    def close(self) -> None:
        """End the child (its jobs fail with ``WorkerGone``)."""
        self._send(("exit",))
        if self.process is not None:
            self.process.join(5)

    def submit(self, key: int, args: tuple, kwargs: dict) -> tuple[Future, Callable[[], None]]:
        """Run handler ``key``; returns its future and what stops it (``WorkerGone`` if it cannot be sent)."""
        job, done = next(self.ids), Future()
        with self.lock:
            if self.conn is None:
                raise WorkerGone("the worker process has ended")
            self.jobs[job] = done, time.monotonic() + ANSWER_WITHIN * self.seconds
            try:
                self.conn.send(("run", job, key, args, kwargs))
            except Exception as e:  # a closed pipe, or arguments that cannot be pickled
                del self.jobs[job]
                raise WorkerGone(type(e).__name__) from e
        return done, lambda: self._send(("stop", job))

    def _send(self, message: tuple) -> None:
        """Send ``message`` if the child is there (a stop or an exit: nothing to do if it is gone)."""
        with self.lock:
            if self.conn is not None:
                with contextlib.suppress(Exception):
                    self.conn.send(message)

    def _listen(self, conn: Connection) -> None:
        check = time.monotonic()
        try:
            while True:
                if time.monotonic() >= check:  # also while other jobs keep answering: one may hang beside them
                    self._stop_if_overdue()
                    check = time.monotonic() + 1.0
                if not conn.poll(1.0):
                    continue
                job, kind, payload = conn.recv()
                self.answered += 1
                with self.lock:
                    done, _ = self.jobs.pop(job, (None, 0.0))
                if done is not None:
                    _settle(done, kind, payload, self.blocks)
        except (EOFError, OSError):
            log.error("the worker process %s ended; its lane runs in the server's process again", self.name)
        finally:
            with self.lock:
                self.conn, pending, self.jobs = None, list(self.jobs.values()), {}
            for done, _ in pending:
                done.set_exception(WorkerGone("the worker process ended"))
            conn.close()

    def _stop_if_overdue(self) -> None:
        """A job far past its time budget means a child that hangs: stop it (its pipe then ends)."""
        now = time.monotonic()
        with self.lock:
            late = any(deadline < now for _, deadline in self.jobs.values())
        if late and self.process is not None:
            log.error(
                "a long request did not answer in %.0f s: the worker process is stopped", ANSWER_WITHIN * self.seconds
            )
            self.process.kill()


def _settle(done: Future, kind: str, payload: Any, blocks: dict[int, Block]) -> None:
    """The job's answer on its future: a result, a refusal, a stop or a fault."""
    try:
        if kind == "ok":
            done.set_result(_restored(payload, blocks))
        elif kind == "error":
            done.set_exception(gr.Error(payload, print_exception=False))
        elif kind == "cancelled":
            done.set_exception(budget.Cancelled())
        else:
            done.set_exception(WorkerGone(payload))
    except Exception as e:  # a result naming a component the page does not have
        done.set_exception(WorkerGone(type(e).__name__))


def _portable(value: Any) -> Any:
    """A handler's result with its components named by id: they cannot cross the pipe as themselves."""
    if isinstance(value, dict):
        return {((_BLOCK, k._id) if isinstance(k, Block) else k): v for k, v in value.items()}
    return value


def _restored(value: Any, blocks: dict[int, Block]) -> Any:
    if isinstance(value, dict):
        return {
            (blocks[k[1]] if isinstance(k, tuple) and len(k) == 2 and k[0] == _BLOCK else k): v
            for k, v in value.items()
        }
    return value


def _serve(
    conn: Connection,
    theirs: list[Connection],
    server: int,
    handlers: dict[int, Callable[..., Any]],
    seconds: float,
    nice: int,
) -> None:
    """The child: jobs in threads, each under its budget; stops as they come; ends when told, when the pipe
    ends or when the ``server`` process is gone. ``theirs``, the server's ends of its pipe and of every
    other worker's, are closed here: a copy kept open would hide the end of the server's from its child."""
    for end in theirs:
        end.close()
    os.nice(nice)
    torch.set_num_threads(1)  # an OpenMP thread pool inherited from the server would hang a parallel region here
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle: the child ends with it
    stops: dict[int, threading.Event] = {}
    sending = threading.Lock()

    def answer(job: int, kind: str, payload: Any) -> None:
        with sending:
            conn.send((job, kind, payload))

    def run(job: int, key: int, args: tuple, kwargs: dict) -> None:
        try:
            with budget.within(seconds, stops[job]):
                result = handlers[key](*args, **kwargs)
            answer(job, "ok", _portable(result))
        except budget.Cancelled:
            answer(job, "cancelled", None)
        except gr.Error as e:
            answer(job, "error", str(e.message))
        except BaseException as e:  # a fault of the server (or a result that cannot be pickled): said as one
            log.exception("a job of the worker process failed")
            with contextlib.suppress(Exception):
                answer(job, "fault", type(e).__name__)
        finally:
            stops.pop(job, None)

    try:
        while True:
            if not conn.poll(1.0):
                if os.getppid() != server:
                    os._exit(0)
                continue
            message = conn.recv()
            if message[0] == "exit":
                os._exit(0)
            if message[0] == "run":
                _, job, key, args, kwargs = message
                stops[job] = threading.Event()
                threading.Thread(target=run, args=(job, key, args, kwargs), daemon=True).start()
            elif message[0] == "stop" and (stop := stops.get(message[1])) is not None:
                stop.set()
    except (EOFError, OSError):
        os._exit(0)
