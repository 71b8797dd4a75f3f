"""A lane on its own: visitors take turns, one visitor's requests do not take every place, and a turn
that leaves never holds one."""

import asyncio

import pytest

from lstmdemo.ui.lane import Lane


def test_waiting_requests_take_turns_by_visitor():
    async def go():
        lane, served = Lane(1, None), []
        await lane.enter("a", lambda: False)  # a runs; then a queues three more, b and c one each

        async def one(who: str, k: int) -> None:
            await lane.enter(who, lambda: False)
            served.append(f"{who}{k}")
            lane.leave(who)

        waiting = [one("a", 1), one("a", 2), one("a", 3), one("b", 1), one("c", 1)]
        tasks = [asyncio.ensure_future(w) for w in waiting]
        await asyncio.sleep(0.05)
        lane.leave("a")
        await asyncio.gather(*tasks)
        assert served == ["a1", "b1", "c1", "a2", "a3"]
        assert not lane.running and lane.waiting == {}

    asyncio.run(go())


def test_a_visitor_runs_one_request_at_a_time_and_leaves_the_other_places_to_others():
    async def go():
        lane = Lane(2, None, per_visitor=1)
        await lane.enter("a", lambda: False)
        mine = [asyncio.ensure_future(lane.enter("a", lambda: False)) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert not any(f.done() for f in mine) and lane.running.total() == 1  # a place is free, but not for a
        await asyncio.wait_for(lane.enter("b", lambda: False), 1.0)  # b takes it at once
        lane.leave("a")
        await asyncio.sleep(0.05)
        assert sum(f.done() for f in mine) == 1 and lane.running == {"a": 1, "b": 1}
        gone = asyncio.ensure_future(lane.enter("c", lambda: True))  # c waits, then leaves without running
        with pytest.raises(asyncio.CancelledError):
            await gone
        for _ in range(3):
            lane.leave("a")
            await asyncio.sleep(0.05)
        lane.leave("b")
        assert all(f.done() for f in mine) and not lane.running and lane.waiting == {}

        unlimited = Lane(2, None)  # run locally: every client is the machine's own user
        await unlimited.enter("a", lambda: False)
        await asyncio.wait_for(unlimited.enter("a", lambda: False), 1.0)
        assert unlimited.running == {"a": 2}

    asyncio.run(go())


def test_a_turn_whose_gone_check_fails_leaves_the_queue():
    async def go():
        lane = Lane(1, None)
        await lane.enter("a", lambda: False)
        with pytest.raises(RuntimeError):
            await lane.enter("b", lambda: (_ for _ in ()).throw(RuntimeError("Gradio's record changed")))
        assert lane.waiting == {}
        lane.leave("a")
        assert not lane.running  # no place handed to the turn that left

    asyncio.run(go())
