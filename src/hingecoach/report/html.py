"""One self-contained HTML report of a set: verdict, fix-first, rep table, plots, stills, advice.

The file is meant to be sent to a phone or kept next to the video, so it carries everything:
inline CSS, inline SVG plots (:mod:`hingecoach.report.plots`) and the rep stills as base64 JPEG.
It references nothing outside itself — no fonts, scripts or CDNs — and every piece of text from
the result (which may echo a file name or a user's profile) is HTML-escaped.

The rep table's columns come from the checks (:attr:`hingecoach.checks.base.Check.column`), plus
the rep measures no check judges; a check's fault turns its column's cell red.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import Any

from hingecoach.checks.base import Check, TableColumn
from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.models import Finding, PoseTrack, RepResult, SetResult
from hingecoach.report._css import REPORT_CSS
from hingecoach.report.bar_path import CAPTION as BAR_PATH_CAPTION
from hingecoach.report.bar_path import bar_path_svg
from hingecoach.report.plots import FAULT_FILL, REP_FILL, TARGET_FILL
from hingecoach.report.set_plots import PLOTS, plot_values, result_plots

#: Display names of exercise ids that do not read well with underscores replaced.
EXERCISE_NAMES = {"rdl": "Romanian deadlift", "kb_swing": "kettlebell swing"}
UNIT_SUFFIX = {"deg": "°", "s": " s", "bl": " bl", "shin": " shin"}

#: Rep measures no check is judged on, still worth a column: the rep's timing and hip range.
UNJUDGED_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("hold (s)", "bottom_hold_s", "{:.1f}"),
    TableColumn("up (s)", "rise_s", "{:.1f}"),
    TableColumn("hip° max", "hip_flexion_max_deg"),
)
#: Left-to-right order of the rep table by the ``RepResult`` field a column shows: the timing,
#: then the angles from the torso down the legs and up to the neck, then the pause. A check's
#: column on any other field follows them, in the registry's order.
COLUMN_ORDER: tuple[str, ...] = (
    *("lower_s", "bottom_hold_s", "rise_s"),
    *("torso_angle_min_deg", "hip_flexion_max_deg", "knee_flexion_max_deg"),
    *("shin_angle_max_deg", "neck_angle_range_deg", "pause_s"),
)


def rep_columns() -> list[tuple[TableColumn, tuple[Check[Any], ...]]]:
    """The rep table's columns in order, each with the checks judged on it.

    Checks sharing a column (same header) share one; the unjudged measures have no checks.
    """
    judged: dict[str, tuple[TableColumn, list[Check[Any]]]] = {}
    for check in CHECKS:
        if check.column is not None:
            judged.setdefault(check.column.header, (check.column, []))[1].append(check)
    columns = [(col, tuple(checks)) for col, checks in judged.values()]
    columns += [(col, ()) for col in UNJUDGED_COLUMNS]
    rank = {attribute: i for i, attribute in enumerate(COLUMN_ORDER)}
    return sorted(columns, key=lambda c: rank.get(c[0].attribute, len(rank)))


def _value(x: float | None, unit: str) -> str:
    """A measured value with its unit: whole numbers bare, else 1 decimal (2 for bl/shin)."""
    if x is None:
        return "–"
    digits = 2 if unit in ("bl", "shin") else 1
    text = f"{x:.0f}" if abs(x - round(x)) < 0.5 * 10**-digits else f"{x:.{digits}f}"
    return text + UNIT_SUFFIX.get(unit, " " + unit if unit else "")


def limit_text(f: Finding) -> str:
    """``≤ 20°`` or ``≥ 1 s``: which side of the limit is good, read from the faulty value."""
    if f.limit is None:
        return ""
    op = "≥" if f.value is not None and f.value < f.limit else "≤"
    return f"{op} {_value(f.limit, f.unit)}"


def exercise_name(exercise: str) -> str:
    """Readable exercise name (``rdl`` → ``Romanian deadlift``)."""
    return EXERCISE_NAMES.get(exercise, exercise.replace("_", " "))


def _score_class(score: int | None) -> str:
    if score is None:
        return "none"
    return "good" if score >= 85 else ("ok" if score >= 60 else "poor")


def _verdict(result: SetResult) -> str:
    how = "recognised from the motion" if result.exercise_detected else "as given"
    view = result.view + (f", facing {result.facing}" if result.facing else "")
    score = "–" if result.score is None else str(result.score)
    facts = [
        f"{result.rep_count} rep{'s' if result.rep_count != 1 else ''} counted",
        f"view: {view}",
        f"exercise {how}",
    ]
    if result.broke_at_rep:
        facts.append(f"form broke at rep {result.broke_at_rep}")
    items = "".join(f"<li>{escape(x)}</li>" for x in facts)
    return (
        '<section class="card verdict" id="verdict">'
        f'<div class="score {_score_class(result.score)}" aria-label="score">'
        f"<b>{escape(score)}</b><span>of 100</span></div>"
        f'<div class="verdict-text"><h1>{escape(exercise_name(result.exercise).capitalize())}</h1>'
        f'<ul class="facts">{items}</ul></div></section>'
    )


def _fix_first(result: SetResult) -> str:
    if not result.is_hinge:
        body, label, cls = (
            result.advice[0] if result.advice else "This is not a hip hinge.",
            "Not a hinge",
            "fix",
        )
    elif result.fix_first:
        body, label, cls = result.fix_first, "Fix this first", "fix"
    elif result.score is None:
        body, label, cls = "Nothing could be measured in this set.", "No verdict", "fix"
    else:
        body, label, cls = (
            "No faults found in the counted reps. Keep it up.",
            "Clean set",
            "fix clean",
        )
    return (
        f'<section class="card {cls}" id="fix-first"><div class="label">{escape(label)}</div>'
        f'<p class="cue">{escape(body)}</p></section>'
    )


def _cell(rep: RepResult, column: TableColumn, checks: tuple[Check[Any], ...]) -> str:
    shown = column.text(rep)
    by_id = {c.id: c for c in checks}
    fault = next((f for f in rep.faults if f.check in by_id), None)
    if fault is None:
        return f"<td>{escape(shown)}</td>"
    notes = [f"limit {limit_text(fault)}"]
    own = by_id[fault.check].column
    # The cell names the judged value unless the column shows exactly that value.
    if own is None or not own.is_value or shown == "–":
        notes.insert(0, f"{fault.check} {_value(fault.value, fault.unit)}")
    small = "".join(f"<small>{escape(n)}</small>" for n in notes)
    return f'<td class="bad" title="{escape(fault.detail)}">{escape(shown)}{small}</td>'


def _chips(rep: RepResult) -> str:
    if not rep.measurable:
        return '<span class="chip unknown">not measurable</span>'
    parts = []
    for f in rep.findings:
        if f.severity in ("fault", "watch"):
            parts.append(
                f'<span class="chip {f.severity}" title="{escape(f.cue)}">'
                f"{'watch: ' if f.severity == 'watch' else ''}{escape(f.check)} "
                f"{escape(_value(f.value, f.unit))} ({escape(limit_text(f))})</span>"
            )
        else:
            parts.append(
                f'<span class="chip unknown" title="{escape(f.detail)}">'
                f"{escape(f.check)}: not judged</span>"
            )
    if not rep.counted:
        parts.insert(0, '<span class="chip unknown">partial: not judged</span>')
    elif not rep.faults:
        parts.insert(0, '<span class="chip ok">clean</span>')
    return "".join(parts)


def _rep_table(result: SetResult) -> str:
    columns = rep_columns()
    head = "".join(f'<th scope="col">{escape(col.header)}</th>' for col, _ in columns)
    rows = []
    for r in result.reps:
        idx = str(r.index) if r.counted else f"({r.index})"
        cells = "".join(_cell(r, col, checks) for col, checks in columns)
        rows.append(
            f'<tr class="rep{"" if r.counted else " partial"}" data-rep="{r.index}">'
            f'<th scope="row">{escape(idx)}</th>'
            f"<td>{r.start_s:.1f}–{r.end_s:.1f}</td>{cells}"
            f'<td class="findings">{_chips(r)}</td></tr>'
        )
    note = (
        '<p class="muted"><small>(n) = partial rep, not counted. Red = beyond the '
        "exercise's limit (shown under the number). <b>Watch</b> = past the limit by less "
        "than the measurement can tell apart from the video: it may be fine, so it is shown "
        "but does not cost points or count as a fault; if it comes up rep after rep, film "
        "again side-on and look at it.</small></p>"
    )
    span = len(columns) + 3  # rep, time and findings
    body = "".join(rows) or f'<tr><td colspan="{span}">No reps found.</td></tr>'
    return (
        '<section class="card" id="reps"><h2>Rep by rep</h2><div class="table-wrap">'
        f'<table class="reps"><thead><tr><th scope="col">rep</th><th scope="col">time (s)</th>'
        f'{head}<th scope="col" class="findings">findings</th></tr></thead>'
        f"<tbody>{body}</tbody></table></div>{note}</section>"
    )


def _legend() -> str:
    items = (
        (REP_FILL, "0.3", "rep (number above)"),
        (FAULT_FILL, "0.35", "beyond the limit"),
        (TARGET_FILL, "0.35", "where it should be"),
    )
    spans = "".join(
        f'<span><i style="background:{c};opacity:{o}"></i>{escape(t)}</span>' for c, o, t in items
    )
    return (
        f'<div class="legend">{spans}<span><i style="border:2px solid {FAULT_FILL};'
        'border-radius:50%;background:none"></i>fault measured here</span></div>'
    )


def _plots(result: SetResult) -> str:
    figs, missing = [], []
    for spec, svg in result_plots(result):
        if svg is None:
            missing.append(spec.title.lower())
            continue
        figs.append(
            f'<figure class="plot-fig" data-series="{escape(spec.key)}">'
            f"<h3>{escape(spec.title)}</h3>{svg}<figcaption>{escape(spec.caption)}</figcaption>"
            "</figure>"
        )
    note = ""
    if missing:
        note = (
            f'<p class="muted not-plotted">Not measured in this {escape(result.view)} view: '
            f"{escape(', '.join(missing))}.</p>"
        )
    grid = f'<div class="plots">{"".join(figs)}</div>' if figs else ""
    legend = _legend() if figs else ""
    return (
        f'<section class="card" id="plots"><h2>Angles over the set</h2>{legend}{grid}'
        f"{note}</section>"
    )


def _bar_path(result: SetResult) -> str:
    """The bar path section: each rep's hands against the mid-foot line; empty unmeasured."""
    svg = bar_path_svg(result)
    if svg is None:
        return ""
    return (
        '<section class="card" id="bar-path"><h2>Bar path</h2>'
        f'<figure class="plot-fig" data-series="bar_offset_bl">{svg}'
        f"<figcaption>{escape(BAR_PATH_CAPTION)}</figcaption></figure></section>"
    )


def _still_caption(result: SetResult, rep: RepResult) -> str:
    angles = []
    specs = {spec.key: spec for spec in PLOTS}
    for key, name in (
        ("torso_angle_deg", "torso"),
        ("knee_flexion_deg", "knee"),
        ("shin_angle_deg", "shin"),
    ):
        values = plot_values(result, specs[key]) or []
        v = values[rep.bottom_frame] if rep.bottom_frame < len(values) else None
        if v is not None:
            angles.append(f"{name} {v:.0f}°")
    faults = "".join(f'<span class="chip fault">{escape(f.check)}</span>' for f in rep.faults)
    text = f"Rep {rep.index} at the bottom, {rep.bottom_s:.1f} s" + (
        " · " + ", ".join(angles) if angles else ""
    )
    return f"<figcaption>{escape(text)} {faults}</figcaption>"


def _stills(result: SetResult, stills: dict[int, bytes] | None) -> str:
    if not stills:
        return ""
    figs = []
    for rep in result.reps:
        jpeg = stills.get(rep.index)
        if not jpeg:
            continue
        data = base64.b64encode(jpeg).decode("ascii")
        figs.append(
            f'<figure class="still" data-rep="{rep.index}"><img alt="rep {rep.index} bottom '
            f'position with skeleton and dowel line" src="data:image/jpeg;base64,{data}">'
            f"{_still_caption(result, rep)}</figure>"
        )
    if not figs:
        return ""
    return (
        '<section class="card" id="stills"><h2>Bottom position of each rep</h2>'
        '<p class="muted"><small>Green line: the dowel (head to tailbone); yellow: the back '
        f'outline.</small></p><div class="stills">{"".join(figs)}</div></section>'
    )


def _trend(result: SetResult) -> str:
    if not result.is_hinge or result.score is None:
        return ""
    if result.broke_at_rep:
        head = f"Form broke at rep {result.broke_at_rep} and stayed off from there."
    else:
        head = "Form held across the set."
    drift = "".join(f"<li>{escape(d)}</li>" for d in result.drifted)
    drift_html = f'<ul class="plain">{drift}</ul>' if drift else ""
    return (
        f'<section class="card" id="trend"><h2>Across the set</h2><p>{escape(head)}</p>'
        f"{drift_html}</section>"
    )


def _coaching(result: SetResult) -> str:
    where: dict[str, list[int]] = {}
    for r in result.reps:
        if r.counted:
            for f in r.faults:
                where.setdefault(f.check, []).append(r.index)
    cues = []
    for check, reps in where.items():
        spec = BY_ID.get(check)
        cue = (
            spec.cue
            if spec
            else next(f.cue for r in result.reps for f in r.faults if f.check == check)
        )
        summary = f" — {spec.summary.lower()}" if spec else ""
        cues.append(
            f"<li><b>{escape(cue)}</b><br><small>{escape(check)}{escape(summary)}, "
            f"rep {escape(', '.join(map(str, reps)))}</small></li>"
        )
    tips = "".join(f"<li>{escape(a)}</li>" for a in result.advice)
    if not cues and not tips:
        return ""
    cue_html = f'<h3>Cues</h3><ul class="plain">{"".join(cues)}</ul>' if cues else ""
    tip_html = f'<h3>Drills and load</h3><ul class="plain">{tips}</ul>' if tips else ""
    return f'<section class="card" id="coaching"><h2>Coaching</h2>{cue_html}{tip_html}</section>'


def _caveats(result: SetResult) -> str:
    items = []
    for check, why in result.not_judged.items():
        spec = BY_ID.get(check)
        name = f"{check} ({spec.summary.lower()})" if spec else check
        items.append(f"<dt>{escape(name)}</dt><dd>{escape(why)}</dd>")
    warns = "".join(f'<li class="warning">{escape(w)}</li>' for w in result.warnings)
    if not items and not warns:
        return ""
    nj = f'<h3>Not judged in this set</h3><dl class="notes">{"".join(items)}</dl>' if items else ""
    wh = f'<h3>Warnings</h3><ul class="plain">{warns}</ul>' if warns else ""
    return f'<section class="card" id="caveats"><h2>Caveats</h2>{nj}{wh}</section>'


def render_html(result: SetResult, *, stills: dict[int, bytes] | None = None) -> str:
    """The whole report as one HTML document (a string).

    Args:
        result: the analysed set.
        stills: rep index → JPEG of its bottom position (see
            :func:`hingecoach.report.stills.bottom_stills`); None leaves the stills out.
    """
    score = "–" if result.score is None else str(result.score)
    title = f"hingecoach · {exercise_name(result.exercise)} · score {score}"
    source = Path(result.source).name if result.source else ""
    footer = f"hingecoach report · schema {result.schema_version}" + (
        f" · {source}" if source else ""
    )
    sections = [
        _verdict(result),
        _fix_first(result),
        _rep_table(result),
        _plots(result),
        _bar_path(result),
        _stills(result, stills),
        _trend(result),
        _coaching(result),
        _caveats(result),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{REPORT_CSS}</style></head>"
        f"<body><main>{''.join(s for s in sections if s)}"
        f"<footer>{escape(footer)}</footer></main></body></html>\n"
    )


def write_html(
    result: SetResult, path: str | Path, *, stills: dict[int, bytes] | None = None
) -> Path:
    """Write :func:`render_html` to ``path`` (UTF-8) and return it as a Path."""
    out = Path(path)
    out.write_text(render_html(result, stills=stills), encoding="utf-8")
    return out


def write_report(
    result: SetResult,
    path: str | Path,
    *,
    video: str | Path | None = None,
    track: PoseTrack | None = None,
) -> Path:
    """The HTML report, with bottom-position stills when the source video and track are given.

    One call for the CLI and the web app: keypoint files (no pixels) get the report without
    stills, videos get one still per rep.

    Raises:
        InputError: the video cannot be decoded for the stills.
    """
    stills = None
    if video is not None and track is not None:
        from hingecoach.report.stills import bottom_stills  # OpenCV/PyAV only when needed

        stills = bottom_stills(video, track, result)
    return write_html(result, path, stills=stills)
