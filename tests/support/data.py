"""Where the shared data sets are, and marks for the tests that need them (skipped with where to get them)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data" / "ag_news"
needs_data = pytest.mark.skipif(
    not (DATA / "test.csv").is_file(),
    reason=f"AG News is not at {DATA} (as on a user's machine); see the README for where it comes from",
)
SST = REPO.parent / "shared" / "data" / "sst2"
needs_sst = pytest.mark.skipif(
    not (SST / "test.tsv").is_file(),
    reason=f"SST-2 is not at {SST} (as on a user's machine); see the README for where it comes from",
)
