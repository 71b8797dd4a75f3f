"""The page's look: theme and CSS (Gradio 6 takes both in ``launch()``).

The default theme's fonts ship with Gradio (``LocalFont``), so the page loads no web fonts
from the network; Hangul, which they lack, comes from the system's sans-serif (on Debian,
``fonts-noto-cjk``). The CSS keeps numbers and words whole on a phone (tables scroll sideways
instead of breaking a cell mid-number or a Korean word mid-word, and the Plotly toolbar, wider
than a phone's figure title allows, gives way to touch zoom) and dims results while they are replaced.
"""

import gradio as gr

from .step_through import PAGE_CSS as STEP_THROUGH_CSS

THEME = gr.themes.Default(
    primary_hue="indigo",
    secondary_hue="blue",
    font=(gr.themes.LocalFont("Source Sans Pro", weights=(400, 600, 700)), "ui-sans-serif", "system-ui", "sans-serif"),
)

CSS = (
    STEP_THROUGH_CSS
    + """
.gradio-container { max-width: 1280px !important; }
#status p { font-size: 1.05rem; margin: 0.2rem 0; }
body.lstm-stale #results { opacity: 0.3; filter: grayscale(1); pointer-events: none; transition: opacity 0.15s; }
.prose table { display: block; overflow-x: auto; max-width: 100%; }
.prose td, .prose th, .label-name, .output-class, .confidence-set *, #words .text {
    word-break: keep-all !important; overflow-wrap: normal !important; hyphens: none !important;
}
:lang(ko) .prose, :lang(ko) label, :lang(ko) button { word-break: keep-all; }  /* Korean breaks between words */
.prose td { white-space: nowrap; }
#nextstep-table td:first-child { white-space: normal; min-width: 10rem; }  /* long row names wrap, figures stay */
#misses td:first-child { white-space: normal; min-width: 8rem; }  /* an edit's window or a probe's name wraps */
#equations pre { white-space: pre; overflow-x: auto; font-size: 0.9rem; }
@media (max-width: 600px) {
    .js-plotly-plot .modebar-container { display: none !important; }  /* it would cover the titles */
    .gradio-container, .main.app { padding-left: 6px !important; padding-right: 6px !important; }
    .prose h1 { font-size: 1.4rem; }
    .prose h2 { font-size: 1.2rem; }
    .prose table { font-size: 0.8rem; }
    .prose td, .prose th { padding: 4px 5px !important; }
}
"""
)
