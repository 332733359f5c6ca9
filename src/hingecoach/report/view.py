"""What the report shows, worked out from a SetResult: the data its templates render.

The templates (``templates/_report_body.html``) only lay out; every choice of what to say is
made here, in plain Python over the result, so it is testable without HTML. The rep table's
columns come from the checks (:attr:`hingecoach.checks.base.Check.column`), plus the rep
measures no check judges; a check's fault turns its column's cell red.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from hingecoach.checks.base import Check, TableColumn
from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.feedback.words import shown_warnings, view_phrase
from hingecoach.models import RepResult, SetResult
from hingecoach.report.bar_path import CAPTION as BAR_PATH_CAPTION
from hingecoach.report.bar_path import bar_path_svg
from hingecoach.report.embed import EmbeddedVideo, duration_s, timeline_marks
from hingecoach.report.plots import FAULT_FILL, REP_FILL, TARGET_FILL
from hingecoach.report.set_plots import PLOTS, plot_values, result_plots
from hingecoach.report.words import (
    UNIT_NOTES,
    check_name,
    exercise_name,
    fault_title,
    finding_number,
    finding_support,
    limit_text,
    value_text,
)

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


@dataclass(frozen=True)
class SetInfo:
    """What is known about the set beyond the analysis: whose, when, how heavy, which set.

    Every field may be unknown (None); the report's header shows the known ones.
    """

    athlete: str | None = None
    load: str | None = None
    set_number: int | None = None
    note: str | None = None
    filmed: dt.datetime | None = None
    analysed: dt.datetime | None = None


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


def _load_text(load: str) -> str:
    from hingecoach.errors import InputError
    from hingecoach.store.loads import format_kg, parse_load

    try:
        kg, text = parse_load(load)
    except InputError:
        return load
    return format_kg(kg, text)


def _when(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M") if (t.hour, t.minute) != (0, 0) else f"{t:%Y-%m-%d}"


def header_items(info: SetInfo) -> list[dict[str, str]]:
    """The header's known facts, in reading order: athlete, set, load, filmed, analysed, note."""
    items = []
    if info.athlete:
        items.append({"key": "athlete", "label": "Athlete", "value": info.athlete})
    if info.set_number is not None:
        items.append({"key": "set", "label": "Set", "value": str(info.set_number)})
    if info.load:
        items.append({"key": "load", "label": "Load", "value": _load_text(info.load)})
    if info.filmed is not None:
        items.append({"key": "filmed", "label": "Filmed", "value": _when(info.filmed)})
    if info.analysed is not None:
        items.append({"key": "analysed", "label": "Analysed", "value": _when(info.analysed)})
    if info.note:
        items.append({"key": "note", "label": "Note", "value": info.note})
    return items


def score_class(score: int | None) -> str:
    """``good`` (≥ 85), ``ok`` (≥ 60), ``poor`` or ``none`` (nothing measured)."""
    if score is None:
        return "none"
    return "good" if score >= 85 else ("ok" if score >= 60 else "poor")


def _facts(result: SetResult) -> list[str]:
    how = "recognised from the motion" if result.exercise_detected else "as given"
    view = view_phrase(result.view, result.facing)
    facts = [
        f"{result.rep_count} rep{'s' if result.rep_count != 1 else ''} counted",
        view,
        f"exercise {how}",
    ]
    if result.broke_at_rep:
        facts.append(f"form broke at rep {result.broke_at_rep}")
    return facts


def _fix(result: SetResult) -> dict[str, str]:
    if not result.is_hinge:
        body = result.advice[0] if result.advice else "This is not a hip hinge."
        return {"label": "Not a hinge", "body": body, "cls": "fix"}
    if result.fix_first:
        return {"label": "Fix this first", "body": result.fix_first, "cls": "fix"}
    if result.score is None:
        body = "Nothing could be measured in this set."
        return {"label": "No verdict", "body": body, "cls": "fix"}
    body = "No faults found in the counted reps. Keep it up."
    return {"label": "Clean set", "body": body, "cls": "fix clean"}


def _cell(rep: RepResult, column: TableColumn, checks: tuple[Check[Any], ...]) -> dict[str, Any]:
    shown = column.text(rep)
    by_id = {c.id: c for c in checks}
    fault = next((f for f in rep.faults if f.check in by_id), None)
    if fault is None:
        return {"text": shown, "bad": False}
    notes = [f"limit {limit_text(fault)}"]
    own = by_id[fault.check].column
    # The cell names the judged value unless the column shows exactly that value.
    if own is None or not own.is_value or shown == "–":
        notes.insert(0, f"judged {value_text(fault.value, fault.unit)}")
    return {"text": shown, "bad": True, "notes": notes, "title": fault.detail}


def _said(rep: RepResult) -> list[dict[str, str]]:
    """The rep's faults and watches, each named with its number: one line each under the rep."""
    return [
        {"cls": f.severity, "text": fault_title(f), "number": finding_number(f)}
        for f in rep.findings
        if f.severity in ("fault", "watch")
    ]


def _chips(rep: RepResult) -> list[dict[str, str]]:
    """The rep's state in short chips: clean, partial or not measurable, and what went unjudged."""
    if not rep.measurable:
        return [{"cls": "unknown", "text": "not measurable", "title": ""}]
    chips = [
        {"cls": "unknown", "text": f"{check_name(f.check).lower()}: not judged", "title": f.detail}
        for f in rep.findings
        if f.severity not in ("fault", "watch")
    ]
    if not rep.counted:
        chips.insert(0, {"cls": "unknown", "text": "partial: not judged", "title": ""})
    elif not rep.faults:
        chips.insert(0, {"cls": "ok", "text": "clean", "title": ""})
    return chips


def _rows(result: SetResult) -> tuple[list[str], list[dict[str, Any]]]:
    columns = rep_columns()
    rows = [
        {
            "index": r.index,
            "label": str(r.index) if r.counted else f"({r.index})",
            "counted": r.counted,
            "start_s": f"{r.start_s:.2f}",
            "end_s": f"{r.end_s:.2f}",
            "time": f"{r.start_s:.1f}–{r.end_s:.1f}",
            "cells": [_cell(r, col, checks) for col, checks in columns],
            "said": _said(r),
            "chips": _chips(r),
        }
        for r in result.reps
    ]
    return [col.header for col, _ in columns], rows


def _plots(result: SetResult) -> tuple[list[dict[str, Any]], str]:
    figs, missing = [], []
    for spec, svg in result_plots(result):
        if svg is None:
            missing.append(spec.title.lower())
            continue
        figs.append(
            {"key": spec.key, "title": spec.title, "svg": Markup(svg), "caption": spec.caption}
        )
    note = f"Not measured in this {result.view} view: {', '.join(missing)}." if missing else ""
    return figs, note


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
    return f"Rep {rep.index} at the bottom, {rep.bottom_s:.1f} s" + (
        " · " + ", ".join(angles) if angles else ""
    )


def _stills(result: SetResult, stills: dict[int, bytes] | None) -> list[dict[str, Any]]:
    out = []
    for rep in result.reps:
        jpeg = (stills or {}).get(rep.index)
        if jpeg:
            out.append(
                {
                    "index": rep.index,
                    "src": "data:image/jpeg;base64," + base64.b64encode(jpeg).decode("ascii"),
                    "caption": _still_caption(result, rep),
                    "faults": [fault_title(f) for f in rep.faults],
                }
            )
    return out


def _trend(result: SetResult) -> dict[str, Any] | None:
    if not result.is_hinge or result.score is None:
        return None
    if result.broke_at_rep:
        head = f"Form broke at rep {result.broke_at_rep} and stayed off from there."
    else:
        head = "Form held across the set."
    return {"head": head, "drift": list(result.drifted)}


def _cues(result: SetResult) -> list[dict[str, Any]]:
    """One entry per faulted check: its cue, what it looks at, and each rep it was seen on."""
    where: dict[str, list[dict[str, Any]]] = {}
    cue_of: dict[str, str] = {}
    for r in result.reps:
        if not r.counted:
            continue
        for f in r.faults:
            cue_of.setdefault(f.check, f.cue)
            where.setdefault(f.check, []).append(
                {"index": r.index, "start_s": f"{r.start_s:.2f}", "text": finding_support(f)}
            )
    cues = []
    for check, reps in where.items():
        spec = BY_ID.get(check)
        cues.append(
            {
                "cue": spec.cue if spec else cue_of[check],
                "what": check_name(check),
                "reps": reps,
            }
        )
    return cues


@dataclass(frozen=True)
class ReportView:
    """Everything the report's templates render, already worded (see the module docstring)."""

    title: str
    exercise: str
    score_text: str
    score_class: str
    head: list[dict[str, str]]
    facts: list[str]
    fix: dict[str, str]
    headers: list[str]
    rows: list[dict[str, Any]]
    plots: list[dict[str, Any]]
    not_plotted: str
    bar_path: Markup | None
    stills: list[dict[str, Any]]
    trend: dict[str, Any] | None
    cues: list[dict[str, Any]]
    tips: list[str]
    not_judged: list[tuple[str, str]]
    warnings: list[str]
    footer: str
    video: dict[str, Any] | None = None
    video_note: str = ""
    units: tuple[tuple[str, str], ...] = UNIT_NOTES
    legend: tuple[tuple[str, str, str], ...] = (
        (REP_FILL, "0.3", "rep (number above)"),
        (FAULT_FILL, "0.35", "beyond the limit"),
        (TARGET_FILL, "0.35", "where it should be"),
    )
    fault_fill: str = FAULT_FILL
    bar_path_caption: str = BAR_PATH_CAPTION


def report_view(
    result: SetResult,
    *,
    stills: dict[int, bytes] | None = None,
    info: SetInfo | None = None,
    video: EmbeddedVideo | None = None,
) -> ReportView:
    """Work out what the report says about ``result``.

    Args:
        result: the analysed set.
        stills: rep index → JPEG of its bottom position; None leaves the stills out.
        info: whose set, when, at what load (the header); None shows none of it.
        video: the video to embed (or link), see :func:`hingecoach.report.embed.embed_video`.
    """
    info = info or SetInfo()
    score = "–" if result.score is None else str(result.score)
    name = exercise_name(result.exercise)
    who = f"{info.athlete} · " if info.athlete else ""
    headers, rows = _rows(result)
    plots, not_plotted = _plots(result)
    bar = bar_path_svg(result)
    source = Path(result.source).name if result.source else ""
    analysed = f"analysed {_when(info.analysed)}" if info.analysed else ""
    footer = " · ".join(x for x in ("hingecoach report", analysed, source) if x)
    marks_video = None
    if video is not None and video.src:
        duration = duration_s(result)
        marks_video = {
            "src": video.src,
            "note": video.note,
            "duration_s": f"{duration:.2f}",
            "marks": timeline_marks(result, duration),
        }
    return ReportView(
        title=f"{who}{name} · score {score} · hingecoach",
        exercise=name.capitalize(),
        score_text=score,
        score_class=score_class(result.score),
        head=header_items(info),
        facts=_facts(result),
        fix=_fix(result),
        headers=headers,
        rows=rows,
        plots=plots,
        not_plotted=not_plotted,
        bar_path=None if bar is None else Markup(bar),
        stills=_stills(result, stills),
        trend=_trend(result),
        cues=_cues(result),
        tips=list(result.advice),
        not_judged=[(check_name(c), why) for c, why in result.not_judged.items()],
        warnings=shown_warnings(result),
        footer=footer,
        video=marks_video,
        video_note=video.note if video is not None and not video.src else "",
    )
