"""The self-test report file: one self-contained HTML page of a self-test's result.

The page is drawn from the shared templates (``selftest.html`` in :mod:`hingecoach.templates`,
with the one stylesheet inlined), so it looks like the set report and the progress page and
opens offline: it references nothing outside itself. It shows the set-up that was given, then
the result's section (:func:`.render.html_section`; a practice session's lists the cue sequence).
Every piece of text from the result, which may echo a file name, is escaped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from markupsafe import Markup

from hingecoach.errors import InputError
from hingecoach.selftest.instructions import DOWEL_SETUP, practice_setup, wall_setup
from hingecoach.selftest.models import DowelResult, PracticeResult, WallResult
from hingecoach.selftest.render import html_section
from hingecoach.selftest.request import TITLES
from hingecoach.templates import environment, stylesheet


def setup_lines(result: DowelResult | WallResult | PracticeResult) -> tuple[str, ...]:
    """The set-up instructions that were given for the test ``result`` came from."""
    if isinstance(result, WallResult):
        return wall_setup(result.wall_cm)
    if isinstance(result, PracticeResult):
        return practice_setup(result.reps_asked or len(result.reps))
    return DOWEL_SETUP


def render_report(
    result: DowelResult | WallResult | PracticeResult, *, generated: dt.datetime | None = None
) -> str:
    """The whole self-test page as one HTML document (a string).

    Args:
        result: any self-test's result.
        generated: when the page was made, shown in the footer; None leaves it out.
    """
    cues = isinstance(result, PracticeResult)  # the section lists them; the set-up points there
    page = environment().get_template("selftest.html")
    return page.render(
        title=TITLES[result.mode],
        source=result.source,
        setup=setup_lines(result),
        cues=cues,
        section=Markup(html_section(result)),  # rendered autoescaped by render.py
        generated=None if generated is None else f"{generated:%Y-%m-%d %H:%M}",
        css=stylesheet(),
    )


def write_report(result: DowelResult | WallResult | PracticeResult, path: str | Path) -> Path:
    """Write :func:`render_report` (stamped now) to ``path`` (UTF-8) and return it.

    Raises:
        InputError: the file cannot be written.
    """
    out = Path(path)
    html = render_report(result, generated=dt.datetime.now().astimezone())
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as e:
        raise InputError(f"{out}: cannot write the self-test report: {e.strerror or e}") from None
    return out
