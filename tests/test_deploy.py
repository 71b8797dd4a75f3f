"""The install and deploy story: requirement files, the Spaces front matter, and app.py started as Spaces starts it."""

from __future__ import annotations

import ast
import importlib.metadata
import sys
from pathlib import Path

import gradio
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.support import server
from tests.support.data import REPO


def pins(path: Path) -> dict[str, Version]:
    """Every requirement of a pip requirements file, which must be an exact ``name==version`` pin."""
    out: dict[str, Version] = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        req = Requirement(line)
        (spec,) = req.specifier
        assert spec.operator == "==", f"{path.name}: {line!r} is not an exact pin"
        out[canonicalize_name(req.name)] = Version(spec.version)
    return out


def options(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip().startswith("-")]


def front_matter() -> dict:
    text = (REPO / "README.md").read_text()
    assert text.startswith("---\n"), "README.md must open with the Spaces front matter"
    return yaml.safe_load(text.split("---\n")[1])


def test_the_file_ci_installs_from_names_no_other_index():
    # CI and this project's machines reach only the package registries: an index option would
    # make pip wait on a host it cannot reach.
    assert options(REPO / "requirements.txt") == []


def test_the_spaces_file_pins_the_same_versions_and_adds_only_the_cpu_index():
    everything, spaces = pins(REPO / "requirements.txt"), pins(REPO / "requirements-spaces.txt")
    assert {name: everything.get(name) for name in spaces} == spaces
    assert "torch" in spaces
    assert options(REPO / "requirements-spaces.txt") == ["--extra-index-url https://download.pytorch.org/whl/cpu"]


def _imported_modules(path: Path) -> set[str]:
    """Top-level names of the modules a file imports when it is loaded (not those imported inside functions)."""
    tree = ast.parse(path.read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_the_spaces_file_installs_everything_the_app_imports():
    files = [REPO / "app.py", *sorted((REPO / "lstmdemo").rglob("*.py"))]
    modules = set().union(*(_imported_modules(f) for f in files)) - {"lstmdemo"}
    third_party = importlib.metadata.packages_distributions()
    needed = {canonicalize_name(d) for m in modules if m not in sys.stdlib_module_names for d in third_party[m]}
    assert needed, "no third-party imports found: the scan is broken"
    assert needed <= set(pins(REPO / "requirements-spaces.txt")), needed - set(pins(REPO / "requirements-spaces.txt"))


def test_front_matter_names_what_is_installed_here():
    meta = front_matter()
    assert meta["sdk"] == "gradio"
    assert meta["app_file"] == "app.py" and (REPO / meta["app_file"]).is_file()
    assert meta["sdk_version"] == gradio.__version__ == str(pins(REPO / "requirements.txt")["gradio"])
    assert str(meta["python_version"]) == f"{sys.version_info.major}.{sys.version_info.minor}"


def _listening(port: int) -> set[str]:
    """Local addresses (hex, as the kernel lists them) with a socket listening on ``port``."""
    out = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                out.add(address)
    return out


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads listening sockets from Linux's /proc/net/tcp")
def test_app_serves_when_started_the_way_spaces_starts_it():
    port = server.free_port()
    proc, _ = server.start_app(port, host="0.0.0.0")
    try:
        assert _listening(port) & {"00000000", "00000000000000000000000000000000"}, "not listening on every address"
    finally:
        server.stop(proc)
