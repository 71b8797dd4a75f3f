"""The attack mix, short: every hostile kind beside benign visitors for a few seconds, asserting what
happens, not how fast (``python -m benchmarks.attack`` prints the figures)."""

import pytest

from tests.support import attack, server


@pytest.mark.slow
def test_under_the_attack_mix_no_benign_request_fails_and_every_hostile_one_is_refused_or_bounded(capsys):
    port = server.free_port()
    proc, _ = server.start_app(port, env={"LSTMDEMO_PROXY_HOPS": "1"})  # visitors told apart, as on a Space
    try:
        report = attack.run(
            f"http://127.0.0.1:{port}/", clients=5 * len(attack.HOSTILE), seconds=6, server_pid=proc.pid
        )
    finally:
        server.stop(proc)
    with capsys.disabled():
        print("\n" + "\n".join(report.lines()))
    benign = report.benign("quiet") + report.benign("attack")
    assert benign and all(o.result == "ok" for o in benign), [o.detail for o in benign if o.result != "ok"]
    for kind in attack.HOSTILE:
        results = {o.result for o in report.hostile(kind)}
        assert results and results <= {"refused", "bounded"}, (kind, results)
    assert report.probes.huge.status == 413  # the 20 MB text is refused before it is read
    assert report.alive
