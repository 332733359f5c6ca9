"""The Jinja2 templates and the one stylesheet every hingecoach page is drawn with.

The report file (``report.html``), the progress page (``progress.html``) and the web app share
``hingecoach.css`` and the page bodies (``_report_body.html``, ``_progress_body.html``), so the
three look like one product. The files render standalone with the stylesheet and script inlined
(they must open offline); the web app serves the same stylesheet and includes the same bodies.

Autoescape is on for every template: text from a result or a user is escaped unless the code
marks it as markup (the SVG plots are built from numbers and already-escaped text).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

#: The folder holding the templates, the stylesheet and the report's script.
TEMPLATE_DIR = Path(__file__).resolve().parent
#: The shared stylesheet's file name in :data:`TEMPLATE_DIR`.
STYLESHEET = "hingecoach.css"


def stylesheet() -> Markup:
    """The shared stylesheet's text, to inline in a self-contained page (our markup: unescaped)."""
    return Markup((TEMPLATE_DIR / STYLESHEET).read_text(encoding="utf-8"))


def script(name: str) -> Markup:
    """A script of :data:`TEMPLATE_DIR` (e.g. ``report.js``), to inline in a page, unescaped."""
    return Markup((TEMPLATE_DIR / name).read_text(encoding="utf-8"))


@cache
def environment() -> Environment:
    """The Jinja2 environment of the standalone pages: autoescaped, undefined names are errors.

    Filters: ``exercise`` (readable exercise name), ``kg`` (a load in kilograms, with the typed
    text when it was not kilograms).
    """
    from hingecoach.report.words import exercise_name
    from hingecoach.store.loads import format_kg

    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["exercise"] = lambda e: exercise_name(e) if e else "recognised from motion"
    env.filters["kg"] = format_kg
    return env
