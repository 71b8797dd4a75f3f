"""What reaches the app over HTTP: the routes the page and its API use, bodies of a bounded size, and a
few queue places and direct calls per visitor.

Gradio's own routes take more than this page needs: uploads of any size (``/gradio_api/upload``, kept
on disk), a body of any size (a 20 MB text, parsed whole), any number of queue places from one visitor.
The guard sits in front of them (a Starlette middleware, ``serving.launch_options``):

- a POST goes only to the routes the page and the public API use (``POSTS``); uploads and every other
  route answer 404, other methods than GET, HEAD, OPTIONS and POST 405;
- a body of more than ``MAX_BODY`` bytes (declared, or counted as it arrives) answers 413;
- a direct call (``run/``) names one of the page's events that run outside the queue (its ``fn_index``) with
  as many values as it takes, else 422: Gradio answers any other with a traceback in the server's log;
- a visitor holds at most ``PLACES`` events in the queue (waiting or running), and runs at most
  ``DIRECT`` direct calls (the page's quick events) at once, and behind a proxy joins the queue at most
  ``JOIN_RATE`` times a second (``JOIN_BURST`` at once): more answer 429.

Refusals are JSON ``{"detail": message}`` (the page shows ``detail``) in the visitor's language
(Accept-Language). A visitor is the address the Space's proxy saw: with ``PROXY_HOPS`` trusted proxies in
front, the entry that many from the right of X-Forwarded-For (the ones a visitor could write are left of
it); without, the client address itself.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..i18n import DEFAULT_LANG, languages, say
from ..modeling.text import MAX_CHARS
from . import formatting as fmt

#: Largest request body: a 10,000-character text as JSON (up to 12 bytes a character when escaped) and the rest.
MAX_BODY = 256 * 1024
#: Queue places per visitor (a class behind one address shares them: raise it for a classroom's own Space).
PLACES = int(os.environ.get("LSTMDEMO_VISITOR_PLACES", "4"))
#: Direct calls (quick events, outside the queue) one visitor runs at once.
DIRECT = 8
#: Queue joins one visitor may make behind a proxy (a public page): ``JOIN_RATE`` a second, up to
#: ``JOIN_BURST`` at once (a bucket that refills). A person clicks far slower; a client that retries the
#: moment it is refused "busy" costs the server's one event loop a request each time, which every other
#: visitor's answer waits on. Run locally, every client is the machine's own user: no limit.
JOIN_RATE, JOIN_BURST = PLACES / 2, 2 * PLACES
#: Trusted proxies in front of the app: one on a Space (its proxy), none when run locally.
PROXY_HOPS = int(os.environ.get("LSTMDEMO_PROXY_HOPS", "1" if os.environ.get("SPACE_ID") else "0"))
API = "/gradio_api/"
#: Routes (under /gradio_api/) a POST may go to: the queue, the quick events (``run/``; Gradio refuses the
#: queued ones there), cancelling and resetting an event, and the public API.
QUEUE_ROUTES = ("queue/join", "call/")
DIRECT_ROUTES = ("run/", "api/")
OTHER_ROUTES = ("cancel", "reset")


def visitor(headers: Any, client: tuple[str, int] | None) -> str:
    """Who sent a request: the address ``PROXY_HOPS`` from the right of X-Forwarded-For, else the client's."""
    if PROXY_HOPS:
        hops = [h.strip() for h in (headers.get("x-forwarded-for") or "").split(",") if h.strip()]
        if len(hops) >= PROXY_HOPS:
            return hops[-PROXY_HOPS]
    return client[0] if client else "?"


def visitor_of(request: Any) -> str:
    """Who sent a request (a Starlette or Gradio request; "?" for none): as ``visitor``."""
    if request is None:
        return "?"
    return visitor(request.headers, _client(request))


def _lang(headers: Any) -> str:
    """The first language of Accept-Language the page speaks."""
    for part in (headers.get("accept-language") or "").split(","):
        code = part.split(";")[0].strip().lower().split("-")[0]
        if code in languages():
            return code
    return DEFAULT_LANG


class Guard:
    """The middleware; ``blocks`` is the app whose queue it counts places in, ``public`` its public API names."""

    def __init__(self, app: ASGIApp, blocks: Any, public: tuple[str, ...]) -> None:
        self.app, self.blocks = app, blocks
        self.public = public
        self.joining: Counter[str] = Counter()  # queue joins under way, before their event is counted
        self.direct: Counter[str] = Counter()
        self.joins = Bucket(JOIN_RATE, JOIN_BURST)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = _Headers(scope)
        route = self._route(scope["path"]) if scope["method"] == "POST" else None
        if route is None:
            status, detail = (404, "Not Found") if scope["method"] == "POST" else (405, "Method Not Allowed")
            return await _refuse(status, detail, scope, receive, send)
        body = await _body(headers, receive)
        if body is None:
            detail = say("serving.too_large", _lang(headers), chars=fmt.num(MAX_CHARS), kb=MAX_BODY // 1024)
            return await _refuse(413, detail, scope, receive, send)
        if not route.startswith((*QUEUE_ROUTES, *DIRECT_ROUTES)):
            return await self.app(scope, _replay(body, receive), send)
        if route.startswith(DIRECT_ROUTES) and not self._page_event(body):
            return await _refuse(422, say("serving.direct", _lang(headers)), scope, receive, send)
        who, queued = visitor(headers, scope.get("client")), route.startswith(QUEUE_ROUTES)
        counter, limit = (self.joining, PLACES) if queued else (self.direct, DIRECT)
        if counter[who] + (self._places(who) if queued else 0) >= limit:
            return await _refuse(429, say("serving.places", _lang(headers), places=limit), scope, receive, send)
        if queued and PROXY_HOPS and not self.joins.take(who):  # public, behind a proxy: as on a Space
            return await _refuse(429, say("serving.rate", _lang(headers)), scope, receive, send)
        counter[who] += 1
        try:
            await self.app(scope, _replay(body, receive), send)
        finally:
            counter[who] -= 1
            if not counter[who]:
                del counter[who]

    def _route(self, path: str) -> str | None:
        """The route under /gradio_api/ a POST may go to, else None (``call/`` only for the public API)."""
        route = path.split(API, 1)[1] if API in path else ""
        if route.startswith("call/"):
            name = route.removeprefix("call/").removeprefix("v2/").strip("/")
            return route if name in self.public else None
        return route if route.startswith((*QUEUE_ROUTES, *DIRECT_ROUTES, *OTHER_ROUTES)) else None

    def _page_event(self, body: bytes) -> bool:
        """Whether a direct call's body names a page event outside the queue with as many values as it takes."""
        try:
            call = json.loads(body)
        except ValueError:
            return False
        index, data = (call.get("fn_index"), call.get("data")) if isinstance(call, dict) else (None, None)
        fn = self.blocks.fns.get(index) if isinstance(index, int) and not isinstance(index, bool) else None
        return fn is not None and not fn.queue and isinstance(data, list) and len(data) == len(fn.inputs)

    def _places(self, who: str) -> int:
        """Events of ``who`` in the queue, waiting or running."""
        events = list(self.blocks._queue.event_ids_to_events.values())
        return sum(visitor_of(e.request) == who for e in events)


class Bucket:
    """Per visitor, ``rate`` takes a second and up to ``burst`` at once; visitors idle long enough to be
    full again are forgotten, so the table stays as small as the visitors of the last few seconds."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.level: dict[str, tuple[float, float]] = {}  # visitor -> (tokens, when)

    def take(self, who: str) -> bool:
        now = self.clock()
        if len(self.level) > 1000:
            full = self.burst / self.rate
            self.level = {w: (t, at) for w, (t, at) in self.level.items() if now - at < full}
        tokens, at = self.level.get(who, (self.burst, now))
        tokens = min(self.burst, tokens + (now - at) * self.rate)
        if tokens < 1:
            self.level[who] = (tokens, now)
            return False
        self.level[who] = (tokens - 1, now)
        return True


class _Headers(dict):
    """A request's headers by lower-case name (the last one of a repeated name)."""

    def __init__(self, scope: Scope) -> None:
        super().__init__((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"])


def _client(request: Any) -> tuple[str, int] | None:
    client = getattr(request, "client", None)
    return (client.host, client.port) if client else None


async def _refuse(status: int, detail: str, scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"detail": detail}, status_code=status)(scope, receive, send)


async def _body(headers: dict[str, str], receive: Receive) -> bytes | None:
    """The whole body, or None once it is longer than ``MAX_BODY`` (declared or counted)."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks, size, more = [], 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read already, then whatever the client sends next (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
