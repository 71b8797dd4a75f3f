"""New sessions that copy one prepared page config instead of rebuilding it.

Gradio gives every new session (a visitor's first event) its own copy of each component's config, built
from scratch: ~150 ``get_config`` calls, 10 ms of the server's one event loop on this page, and 30 ms or
more while explanations hold the CPU. Fifty visitors arriving at once (a class opening the page, or the
attack mix's start) then hold every answer up for over a second. The configs of the page's own
components are the same for every new session, so ``install`` builds each once and gives each session a
copy: the block's config and its ``props`` copied (a session writes the values it shows into its own
``props``), the rest shared, as Gradio never changes it in place.
"""

from __future__ import annotations

from typing import Any

import gradio as gr
from gradio.blocks import BlocksConfig


class PreparedConfig(BlocksConfig):
    """A page's ``BlocksConfig`` that builds each of the page's own components' config once (``prepared``,
    shared with every session's copy of it) and gives each caller a copy."""

    prepared: dict[int, dict[str, Any]]  # block id -> its config, for the page's own block

    def config_for_block(  # type: ignore[override]
        self, _id: int, rendered_ids: list[int], block: Any, renderable: Any = None
    ) -> dict[str, Any]:
        if rendered_ids or renderable is not None or self.root_block.blocks.get(_id) is not block:
            return BlocksConfig.config_for_block(_id, rendered_ids, block, renderable)  # a session's own block
        config = self.prepared.get(_id)
        if config is None:
            config = self.prepared[_id] = BlocksConfig.config_for_block(_id, [], block)
        copied = dict(config)
        if isinstance(copied.get("props"), dict):
            copied["props"] = dict(copied["props"])
        return copied

    def __copy__(self) -> PreparedConfig:
        new = super().__copy__()
        new.__class__ = PreparedConfig
        new.prepared = self.prepared
        return new


def install(demo: gr.Blocks) -> None:
    """Give ``demo``'s sessions their configs from one prepared set (a session starts from a copy of
    ``demo.default_config`` and asks it for each block's config, so this stays with this page)."""
    config = demo.default_config
    config.__class__ = PreparedConfig
    config.prepared = {}
