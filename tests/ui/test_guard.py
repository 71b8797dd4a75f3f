"""The guard in front of Gradio's routes, around a stand-in app: which POSTs pass, how large a body may be,
and how many queue places and direct calls one visitor holds."""

import asyncio
import json
from types import SimpleNamespace

import httpx
import pytest

from lstmdemo.i18n import say
from lstmdemo.ui import guard
from lstmdemo.ui.guard import Guard


class App:
    """A stand-in for Gradio: answers 200 with the body it got; a join adds an event to its queue;
    a direct call waits until ``release`` is set. Its events: 0 runs outside the queue and takes one value,
    1 is queued."""

    def __init__(self) -> None:
        self._queue = SimpleNamespace(event_ids_to_events={})
        self.release = asyncio.Event()
        self.fns = {0: SimpleNamespace(queue=False, inputs=["text"]), 1: SimpleNamespace(queue=True, inputs=["text"])}

    async def __call__(self, scope, receive, send) -> None:
        message = await receive()
        if scope["path"].endswith("/queue/join"):
            request = SimpleNamespace(headers=_headers(scope), client=SimpleNamespace(host="127.0.0.1", port=1))
            self._queue.event_ids_to_events[len(self._queue.event_ids_to_events)] = SimpleNamespace(request=request)
        if "/run/" in scope["path"]:
            await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": message.get("body", b"")})


def _headers(scope) -> dict:
    return {k.decode().lower(): v.decode() for k, v in scope["headers"]}


def _client(app: App, hops: int = 1) -> httpx.AsyncClient:
    guard.PROXY_HOPS = hops
    transport = httpx.ASGITransport(app=Guard(app, blocks=app, public=("explain",)))
    return httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1")


@pytest.fixture(autouse=True)
def _hops():
    before = guard.PROXY_HOPS
    yield
    guard.PROXY_HOPS = before


#: A direct call of the stand-in's quick event, as the page makes it.
QUICK = {"fn_index": 0, "data": ["good"], "session_hash": "s"}


def _post(client: httpx.AsyncClient, path: str, ip: str = "10.0.0.1", **kw) -> asyncio.Future:
    return client.post(f"/gradio_api/{path}", headers={"X-Forwarded-For": ip, **kw.pop("headers", {})}, **kw)


def test_only_the_routes_the_page_and_its_api_use_take_a_post():
    async def go():
        app = App()
        app.release.set()
        async with _client(app) as c:
            for path in ("queue/join", "run/predict", "cancel", "reset", "call/explain", "call/v2/explain"):
                assert (await _post(c, path, json=QUICK)).status_code == 200, path
            for path in ("upload", "upload?upload_id=x", "component_server", "process_recording", "call/run_1"):
                assert (await _post(c, path, content=b"x" * 10)).status_code == 404, path
            assert (await c.post("/login", data={"username": "a"})).status_code == 404
            assert (await c.delete("/gradio_api/queue/join")).status_code == 405
            assert (await c.get("/gradio_api/upload")).status_code == 200  # GETs are Gradio's to answer

    asyncio.run(go())


def test_a_body_past_the_limit_is_refused_in_the_visitors_language_declared_or_counted():
    async def go():
        app = App()
        app.release.set()
        async with _client(app) as c:
            ok = await _post(c, "queue/join", content=b"x" * guard.MAX_BODY)
            assert ok.status_code == 200 and len(ok.content) == guard.MAX_BODY
            big = await _post(c, "queue/join", content=b"x" * (20 << 20), headers={"Accept-Language": "ko-KR,ko"})
            assert big.status_code == 413 and "요청이 너무 큽니다" in big.json()["detail"] and len(big.content) < 1000

            async def chunks():  # no Content-Length: counted as it arrives
                for _ in range(40):
                    yield b"x" * 65536

            streamed = await _post(c, "run/predict", content=chunks())
            assert streamed.status_code == 413
            assert streamed.json()["detail"] == say("serving.too_large", chars="10,000", kb=256)

    asyncio.run(go())


def test_a_visitor_holds_at_most_a_few_queue_places_and_others_still_get_theirs():
    async def go():
        app = App()
        async with _client(app) as c:
            codes = [(await _post(c, "queue/join", "10.0.0.7", json={})).status_code for _ in range(guard.PLACES + 3)]
            assert codes == [200] * guard.PLACES + [429] * 3
            refused = await _post(c, "call/explain", "10.0.0.7", json={})
            assert refused.status_code == 429 and refused.json()["detail"] == say("serving.places", places=4)
            assert (await _post(c, "queue/join", "10.0.0.8", json={})).status_code == 200
            # behind one proxy only its entry counts: what the visitor wrote before it changes nothing
            forged = await _post(c, "queue/join", "1.2.3.4, 10.0.0.7", json={})
            assert forged.status_code == 429
            app._queue.event_ids_to_events.clear()  # their events ended
            assert (await _post(c, "queue/join", "10.0.0.7", json={})).status_code == 200

    asyncio.run(go())


def test_a_visitor_runs_at_most_a_few_direct_calls_at_once():
    async def go():
        app = App()
        async with _client(app) as c:
            running = [asyncio.ensure_future(_post(c, "run/predict", json=QUICK)) for _ in range(guard.DIRECT)]
            await asyncio.sleep(0.1)
            assert (await _post(c, "run/predict", json=QUICK)).status_code == 429
            other = asyncio.ensure_future(_post(c, "run/predict", "10.0.0.9", json=QUICK))
            await asyncio.sleep(0.1)
            assert not other.done()  # another visitor passed the guard: it waits in the app like the rest
            app.release.set()
            assert [r.status_code for r in await asyncio.gather(*running, other)] == [200] * (guard.DIRECT + 1)
            assert json.loads((await _post(c, "run/predict", json=QUICK)).content) == QUICK

    asyncio.run(go())


def test_a_direct_call_must_name_a_quick_page_event_with_its_values():
    """Gradio answers any other direct call with a traceback in the server's log, one per request."""

    async def go():
        app = App()
        app.release.set()
        wrong = [
            {},
            {**QUICK, "fn_index": 1},  # queued: only through the queue
            {**QUICK, "fn_index": 7},
            {**QUICK, "fn_index": True},
            {**QUICK, "data": []},
            {**QUICK, "data": ["good", "more"]},
            {**QUICK, "data": "good"},
            ["good"],
        ]
        async with _client(app) as c:
            for body in wrong:
                r = await _post(c, "run/predict", json=body)
                assert r.status_code == 422 and r.json()["detail"] == say("serving.direct"), body
            r = await _post(c, "api/predict", content=b"{not json", headers={"Accept-Language": "ko"})
            assert r.status_code == 422 and r.json()["detail"] == say("serving.direct", lang="ko")
            assert (await _post(c, "run/predict", json=QUICK)).status_code == 200

    asyncio.run(go())


def test_without_a_trusted_proxy_the_client_address_is_the_visitor():
    headers = {"x-forwarded-for": "6.6.6.6"}
    guard.PROXY_HOPS = 0
    assert guard.visitor(headers, ("127.0.0.1", 5)) == "127.0.0.1"
    guard.PROXY_HOPS = 2
    assert guard.visitor({"x-forwarded-for": "6.6.6.6, 10.1.1.1, 10.2.2.2"}, None) == "10.1.1.1"
    assert guard.visitor(headers, ("127.0.0.1", 5)) == "127.0.0.1"  # fewer entries than proxies: the client


def test_a_bucket_gives_a_visitor_its_rate_and_burst_and_forgets_idle_visitors():
    now = [0.0]
    bucket = guard.Bucket(rate=2.0, burst=3, clock=lambda: now[0])
    assert [bucket.take("a") for _ in range(4)] == [True, True, True, False]
    assert bucket.take("b")  # another visitor has its own
    now[0] = 0.5  # one more a half second later, and no more
    assert [bucket.take("a"), bucket.take("a")] == [True, False]
    now[0] = 100.0
    assert [bucket.take("a") for _ in range(4)] == [True, True, True, False]  # full again, never more
    bucket.level |= {f"10.1.{i // 250}.{i % 250}": (0.0, 0.0) for i in range(1001)}  # many, long idle
    bucket.take("a")
    assert set(bucket.level) == {"a"}


def test_a_visitor_joining_faster_than_a_person_clicks_is_refused_in_its_language():
    async def go():
        app, now = App(), [0.0]
        guard.PROXY_HOPS = 1
        transport = httpx.ASGITransport(app=Guard(app, blocks=app, public=("explain",)))
        transport.app.joins = guard.Bucket(guard.JOIN_RATE, guard.JOIN_BURST, clock=lambda: now[0])
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            codes = []
            for _ in range(guard.JOIN_BURST + 1):
                codes.append((await _post(c, "queue/join", "10.0.0.9", json={})).status_code)
                app._queue.event_ids_to_events.clear()  # each answered at once: places are not what stops it
            assert codes == [200] * guard.JOIN_BURST + [429]
            refused = await _post(c, "queue/join", "10.0.0.9", json={}, headers={"Accept-Language": "ko"})
            assert refused.status_code == 429 and refused.json()["detail"] == say("serving.rate", lang="ko")
            assert (await _post(c, "queue/join", "10.0.0.10", json={})).status_code == 200
            now[0] = 1 / guard.JOIN_RATE
            assert (await _post(c, "queue/join", "10.0.0.9", json={})).status_code == 200

    asyncio.run(go())
