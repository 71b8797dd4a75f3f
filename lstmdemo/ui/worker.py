"""The long lane's work in a process of its own, at the lowest CPU priority.

The server is one Python process: its event loop, every quick explanation and the long lane's passes
take turns on one GIL and one model lock. Under a stream of pastes and slow settings a quick request
then waited for the long one's passes and for the GIL it held (benign median 3.3x, ``benchmarks.attack``).
``Worker`` runs the long lane's handlers in a child forked from the built page before it serves (so it
has the same handlers and models, nothing is loaded twice), niced to 19: it computes on whatever CPU the
server leaves free and never holds the server's GIL or model lock.

The parent sends (job, handler index, arguments) down a pipe; the child runs each job in a thread under
the request's time budget and answers with the result, its components named by id (the parent maps them
back to its own), or the message of a ``gr.Error``. A stop message stops a job at its next check. If the
child dies, its jobs fail with a fault and the lanes compute in the server's process again.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

import gradio as gr
from gradio.blocks import Block

from .. import budget

log = logging.getLogger(__name__)

_BLOCK = "__lstmdemo_block__"
#: The worker's CPU priority (19 is the lowest): it computes on what the server's own work leaves.
NICE = 19


class WorkerGone(Exception):
    """The worker process ended while a job was under way."""


class Worker:
    """A forked child that runs ``handlers`` (fn index -> the explaining handler) under ``seconds`` each."""

    def __init__(self, handlers: dict[int, Callable[..., Any]], blocks: dict[int, Block], seconds: float) -> None:
        self.handlers, self.blocks, self.seconds = handlers, blocks, seconds
        self.jobs: dict[int, Future] = {}
        self.ids = itertools.count()
        self.sending = threading.Lock()
        self.conn: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None

    @property
    def alive(self) -> bool:
        return self.conn is not None and self.process is not None and self.process.is_alive()

    def start(self) -> bool:
        """Fork the child (before the server starts its threads) and listen to its answers; False where
        processes cannot be forked (the long lane then stays in the server's process)."""
        if "fork" not in multiprocessing.get_all_start_methods():
            return False
        parent, child = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=_serve,
            args=(child, parent, os.getpid(), self.handlers, self.seconds),
            name="lstmdemo-long-lane",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.conn = parent
        threading.Thread(target=self._listen, name="lstmdemo-worker-answers", daemon=True).start()
        return True

    def close(self) -> None:
        """End the child (its jobs fail with ``WorkerGone``)."""
        with contextlib.suppress(OSError, ValueError):
            self._send(("exit",))
        if self.process is not None:
            self.process.join(5)

    def submit(self, key: int, args: tuple, kwargs: dict) -> tuple[Future, Callable[[], None]]:
        """Run handler ``key``; returns its future and what stops it."""
        job, done = next(self.ids), Future()
        self.jobs[job] = done
        try:
            self._send(("run", job, key, args, kwargs))
        except (OSError, ValueError) as e:
            self.jobs.pop(job, None)
            raise WorkerGone from e
        return done, lambda: self._stop(job)

    def _stop(self, job: int) -> None:
        with contextlib.suppress(OSError, ValueError):  # gone: its job fails on its own
            self._send(("stop", job))

    def _send(self, message: tuple) -> None:
        with self.sending:
            if self.conn is None:
                raise OSError("the worker process has ended")
            self.conn.send(message)

    def _listen(self) -> None:
        assert self.conn is not None
        try:
            while True:
                job, kind, payload = self.conn.recv()
                done = self.jobs.pop(job, None)
                if done is None:
                    continue
                if kind == "ok":
                    done.set_result(_restored(payload, self.blocks))
                elif kind == "error":
                    done.set_exception(gr.Error(payload, print_exception=False))
                elif kind == "cancelled":
                    done.set_exception(budget.Cancelled())
                else:
                    done.set_exception(WorkerGone(payload))
        except (EOFError, OSError):
            log.error("the long lane's worker process ended; long requests run in the server's process again")
        finally:
            self.conn = None
            for done in list(self.jobs.values()):
                done.set_exception(WorkerGone("the worker process ended"))
            self.jobs.clear()


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
    conn: Connection, theirs: Connection, server: int, handlers: dict[int, Callable[..., Any]], seconds: float
) -> None:
    """The child: jobs in threads, each under its budget; stops as they come; ends when told, when the pipe
    ends or when the ``server`` process is gone (``theirs``, the server's end of the pipe, is closed here)."""
    theirs.close()
    os.nice(NICE)
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
        except Exception as e:  # a fault of the server: logged here, said as one there
            log.exception("the long lane's job failed")
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
            elif message[0] == "stop" and message[1] in stops:
                stops[message[1]].set()
    except (EOFError, OSError):
        os._exit(0)
