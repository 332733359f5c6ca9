"""The set as a lifter reads it in the terminal: the verdict, the reps, each finding in words.

Laid out by the console's width so that nothing is cut: at 100 columns and wider the rep table
has a findings column (each fault's plain name); narrower, the table keeps its numbers and a
short verdict, and the findings stack under it rep by rep. Every finding is then said in full
(:func:`hingecoach.feedback.words.finding_sentence`), wrapped at spaces, never inside a word.
Piped output (not a terminal) is the same text without colour: Rich drops the styles and lays
it out at 80 columns (``$COLUMNS`` when set).
"""

from __future__ import annotations

from collections.abc import Callable

from rich import box
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from hingecoach.feedback.words import (
    exercise_name,
    fault_name,
    finding_sentence,
    not_judged_sentence,
    plural,
    shown_warnings,
    view_phrase,
)
from hingecoach.models import RepResult, SetResult

#: Console width from which the rep table carries a findings column.
WIDE_COLUMNS = 100
#: Console width below which the rep table drops its time and hip columns.
NARROW_COLUMNS = 76
#: The columns of the rep table: header and how each is read.
LEGEND = (
    "tempo = seconds down / hold / up; torso° = lowest torso angle to the floor; hip°, knee°, "
    "shin° = the most in the rep (a finding gives the value its check judged, e.g. the knee "
    "bend at the bottom); (n) = partial rep, not counted."
)


def _num(x: float | None, fmt: str = "{:.0f}") -> str:
    return "–" if x is None else fmt.format(x)


def _verdict(r: RepResult, judged: bool) -> Text:
    """A short verdict: ``clean``, ``2 faults``, ``1 fault, 1 watch``, ``not judged``."""
    if not judged:
        return Text("not judged", "dim")
    if not r.measurable:
        return Text("not measurable", "yellow")
    if not r.counted:
        return Text("partial", "dim")
    parts = [plural(len(r.faults), "fault")] if r.faults else ["clean"]
    if r.watches:
        parts.append(plural(len(r.watches), "watch").replace("watchs", "watches"))
    return Text(", ".join(parts), "red" if r.faults else "green")


def _findings_cell(r: RepResult, judged: bool) -> Text:
    """The rep's faults by name (wide layout), watches after them."""
    if not (judged and r.counted and r.measurable):
        return _verdict(r, judged)
    if not (r.faults or r.watches):
        return Text("clean", "green")
    out = Text()
    for i, f in enumerate(r.faults + r.watches):
        out.append("; " if i else "")
        watch = f.severity == "watch"
        out.append(("watch: " if watch else "") + fault_name(f), "yellow" if watch else "red")
    return out


def _rep_table(result: SetResult, width: int, plain: bool) -> Table:
    """The rep table for a console ``width`` columns wide.

    From :data:`WIDE_COLUMNS` a findings column names each fault; narrower, a short verdict;
    below :data:`NARROW_COLUMNS` the time and hip columns go too, so no cell is cut.
    """
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, safe_box=plain, collapse_padding=True
    )
    narrow = width < NARROW_COLUMNS
    cells: dict[str, Callable[[RepResult], str | Text]] = {
        "rep": lambda r: str(r.index) if r.counted else f"({r.index})",
        "time s": lambda r: f"{r.start_s:.1f}–{r.end_s:.1f}",
        "tempo s": lambda r: "/".join(
            _num(x, "{:.1f}") for x in (r.lower_s, r.bottom_hold_s, r.rise_s)
        ),
        "torso°": lambda r: _num(r.torso_angle_min_deg),
        "hip°": lambda r: _num(r.hip_flexion_max_deg),
        "knee°": lambda r: _num(r.knee_flexion_max_deg),
        "shin°": lambda r: _num(r.shin_angle_max_deg),
        "pause": lambda r: "–" if r.pause_s is None else f"{r.pause_s:.1f} s",
    }
    if narrow:
        del cells["time s"], cells["hip°"]
    if width >= WIDE_COLUMNS:
        cells["findings"] = lambda r: _findings_cell(r, result.is_hinge)
    else:
        cells["verdict"] = lambda r: _verdict(r, result.is_hinge)
    for header in cells:
        if header == "findings":
            table.add_column(header, overflow="fold", ratio=1)
        else:
            left = header in ("rep", "verdict")
            table.add_column(header, no_wrap=True, justify="left" if left else "right")
    for r in result.reps:
        table.add_row(*(cell(r) for cell in cells.values()))
    return table


def headline(result: SetResult) -> str:
    """One line: exercise, how it was known, the reps, the score, the breakdown, the view."""
    how = "recognised from the motion" if result.exercise_detected else "as given"
    parts = [f"{exercise_name(result.exercise).capitalize()} ({how})"]
    parts.append(plural(result.rep_count, "rep"))
    if result.is_hinge:
        parts.append("score " + ("–" if result.score is None else f"{result.score}/100"))
    else:
        parts.append("not a hip hinge: no rep judged")
    if result.broke_at_rep and result.rep_count > 1:  # a one-rep set has nothing to break from
        parts.append(f"form broke at rep {result.broke_at_rep}")
    parts.append(view_phrase(result.view, result.facing))
    return " · ".join(parts)


def _say(con: Console, text: str, style: str = "", *, label: str = "", indent: int = 2) -> None:
    """Print ``text`` wrapped at spaces.

    After a bold ``label`` with a hanging indent, else indented by ``indent`` columns.
    """
    if label:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column()
        grid.add_row(label, Text(text, style))
        con.print(grid, highlight=False)
    else:
        con.print(Padding(Text(text, style), (0, 0, 0, indent), expand=False), highlight=False)


def render(
    result: SetResult,
    console: Console | None = None,
    *,
    height_cm: float | None = None,
    verbosity: int = 0,
) -> None:
    """Print the verdict, the rep table, every finding in words, advice and warnings.

    Args:
        result: the analysed set.
        console: where to print (stdout when None); its width chooses the layout.
        height_cm: the lifter's standing height, to say distances in centimetres.
        verbosity: -1 the headline, fix-first and warnings only; 0 everything a lifter needs;
            1 also each rep's checks that could not be judged, and why.
    """
    con = console or Console()
    if con.is_terminal:
        _render(result, con, height_cm, verbosity)
        return
    with con.capture() as captured:  # piped: plain text, no padding after the words
        _render(result, con, height_cm, verbosity)
    con.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def _render(result: SetResult, con: Console, height_cm: float | None, verbosity: int) -> None:
    plain = not con.is_terminal
    con.print(Text(headline(result), "bold"), highlight=False)
    if verbosity >= 0 and result.reps:
        con.print(_rep_table(result, con.width, plain))
        if result.is_hinge:
            _say(con, LEGEND, "dim", indent=0)
        for r in result.reps:
            for f in r.faults + r.watches:
                style = "yellow" if f.severity == "watch" else ""
                _say(con, finding_sentence(f, height_cm=height_cm), style)
    if result.fix_first:
        _say(con, result.fix_first, label="Fix first:", indent=0)
    if verbosity >= 0:
        for line in result.drifted:
            _say(con, line, label="Drift:", indent=0)
        for tip in result.advice:
            _say(con, tip, label="→" if not plain else "-", indent=0)
        for cid, why in result.not_judged.items():
            _say(con, not_judged_sentence(cid, why), "dim", indent=0)
    if verbosity >= 1:
        for r in result.reps:
            for f in r.findings:
                if f.severity == "cannot_judge":
                    _say(con, finding_sentence(f, height_cm=height_cm), "dim")
    for w in shown_warnings(result):
        _say(con, w, label="warning:", indent=0)
