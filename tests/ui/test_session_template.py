from unittest import mock

import gradio as gr
import pytest
from gradio.blocks import BlocksConfig
from gradio.state_holder import SessionState

from lstmdemo.ui import build_demo


@pytest.fixture(scope="module")
def demo(tiny_dir):
    return build_demo(tiny_dir / "lstm", tiny_dir / "rnn")


def _plain(demo: gr.Blocks) -> dict:
    """Every block's config as Gradio builds it for a new session."""
    return {k: BlocksConfig.config_for_block(k, [], v) for k, v in demo.blocks.items()}


def test_a_new_session_starts_from_the_configs_gradio_would_build(demo):
    SessionState(demo)
    assert SessionState(demo).config_values == _plain(demo)


def test_a_new_session_builds_no_config_once_the_page_has_had_one(demo):
    SessionState(demo)
    with mock.patch.object(BlocksConfig, "config_for_block", wraps=BlocksConfig.config_for_block) as built:
        SessionState(demo)
    assert built.call_count == 0


def test_a_value_one_session_shows_stays_in_that_session(demo):
    text = next(k for k, v in demo.blocks.items() if isinstance(v, gr.Textbox))
    first, second = SessionState(demo), SessionState(demo)
    first._update_value_in_config(text, "one visitor's text")
    assert first.config_values[text]["props"]["value"] == "one visitor's text"
    assert second.config_values[text]["props"]["value"] != "one visitor's text"
    assert SessionState(demo).config_values == _plain(demo)


def test_a_sessions_own_block_gets_its_own_config(demo):
    key, box = next((k, v) for k, v in demo.blocks.items() if isinstance(v, gr.Textbox))
    state = SessionState(demo)
    state[key] = gr.Textbox(label="another label", render=False)
    state._update_config(key)
    assert state.config_values[key]["props"]["label"] == "another label"
    assert SessionState(demo).config_values[key]["props"].get("label") == box.label
