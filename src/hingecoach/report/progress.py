"""The progress page: one self-contained HTML file (inline CSS and SVG, no scripts, no network).

Rendered from the shared templates (``templates/progress.html`` with ``_progress_body.html``)
and the one stylesheet, like the report; the charts are drawn here and fit a phone: they scale
to the page width, with text of at least 11 px at 390 px.

A coach opens it from disk or mails it; nothing on it may fetch anything, so the charts are
hand-drawn SVG rather than a charting library. Per exercise it plots form score (0–100) against
load, each set a dot shaded by date (pale = oldest, dark = newest) so drift over time is visible
at a glance, with the clean-set line and the form-limited loads marked; then a score timeline,
the recurring faults, and every session and set.

It renders a :class:`hingecoach.store.records.History` (plain records, no database access), and
the web app's athlete page reuses its two charts.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from hingecoach.feedback.plan import Plan, plan_next, prescription_text
from hingecoach.report.words import check_name, exercise_name
from hingecoach.store.history import CLEAN_SCORE
from hingecoach.store.loads import format_kg
from hingecoach.store.records import FormLimit, History, SetSummary
from hingecoach.templates import environment, stylesheet

#: Chart size in SVG user units; the chart scales to the width of its card (about 330 px on a
#: 390 px phone), so 13-unit text renders at about 12 px there.
W, H = 360, 250
PAD_L, PAD_R, PAD_T, PAD_B = 46, 12, 14, 42
#: Text size in the charts, SVG user units.
FONT = 13


def _x_scale(lo: float, hi: float) -> Callable[[float], float]:
    span = (hi - lo) or 1.0
    return lambda v: PAD_L + (v - lo) / span * (W - PAD_L - PAD_R)


def _y(score: float) -> float:
    return PAD_T + (100 - score) / 100 * (H - PAD_T - PAD_B)


def _shade(i: int, n: int) -> str:
    """Pale blue for the oldest set to dark blue for the newest."""
    t = 1.0 if n <= 1 else i / (n - 1)
    light, dark = (189, 215, 238), (8, 48, 107)
    r, g, b = (round(a + (d - a) * t) for a, d in zip(light, dark, strict=True))
    return f"rgb({r},{g},{b})"


def _axes(x_ticks: list[tuple[float, str]], x_label: str) -> list[str]:
    parts = [
        f'<line x1="{PAD_L}" y1="{H - PAD_B}" x2="{W - PAD_R}" y2="{H - PAD_B}" stroke="#999"/>',
        f'<line x1="{PAD_L}" y1="{PAD_T}" x2="{PAD_L}" y2="{H - PAD_B}" stroke="#999"/>',
        f'<text x="{(W + PAD_L) / 2}" y="{H - 6}" text-anchor="middle" font-size="{FONT}">'
        f"{escape(x_label)}</text>",
        f'<text x="13" y="{(H - PAD_B) / 2}" font-size="{FONT}" '
        f'transform="rotate(-90 13 {(H - PAD_B) / 2})" text-anchor="middle">form score</text>',
    ]
    for s in (0, 25, 50, 75, 100):
        parts.append(
            f'<text x="{PAD_L - 6}" y="{_y(s) + 4:.1f}" font-size="{FONT}" '
            f'text-anchor="end">{s}</text>'
        )
    for x, label in x_ticks:
        parts.append(
            f'<text x="{x:.1f}" y="{H - PAD_B + 16}" font-size="{FONT}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    clean_y = _y(CLEAN_SCORE)
    parts.append(
        f'<line x1="{PAD_L}" y1="{clean_y:.1f}" x2="{W - PAD_R}" y2="{clean_y:.1f}" '
        f'stroke="#1b6e20" stroke-dasharray="4 3"/><text x="{W - PAD_R}" y="{clean_y + 13:.1f}" '
        f'font-size="{FONT}" text-anchor="end" fill="#1b6e20">clean ≥ {CLEAN_SCORE}</text>'
    )
    return parts


def _svg(parts: list[str], title: str) -> str:
    return (
        f'<svg class="progress-chart" viewBox="0 0 {W} {H}" role="img" '
        f'aria-label="{escape(title)}"><title>'
        f"{escape(title)}</title>{''.join(parts)}</svg>"
    )


def _nice_step(span_kg: float) -> float:
    """A tick step of 1, 2, 2.5 or 5 × 10^k kg giving at most about six ticks."""
    for step in (1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0):
        if span_kg / step <= 5:
            return step
    return 100.0


def score_vs_load_svg(sets: list[SetSummary], limit: FormLimit | None) -> str:
    """Score against load for one exercise's loaded, judged sets, shaded oldest → newest.

    Args:
        sets: one exercise's sets, oldest first; unloaded or unjudged ones are left out.
        limit: that exercise's form-limited load, drawn as the clean-max and breaks-from lines.

    Returns:
        An inline ``<svg>`` element, or a muted paragraph when there is nothing to plot.
    """
    pts = [s for s in sets if s.load_kg is not None and s.score is not None]
    if not pts:
        return '<p class="muted">No loaded, judged sets to plot.</p>'
    loads = [s.load_kg or 0.0 for s in pts]
    step = _nice_step(max(loads) - min(loads))
    lo = math.floor(min(loads) / step) * step - step
    hi = math.ceil(max(loads) / step) * step + step
    x = _x_scale(lo, hi)
    n_ticks = round((hi - lo) / step)
    ticks = [lo + k * step for k in range(n_ticks + 1)]
    parts = _axes([(x(v), f"{v:g}") for v in ticks], "load, kg")
    for row, (kg, colour, label) in enumerate(
        (
            (limit.clean_max_kg if limit else None, "#1b6e20", "clean max"),
            (limit.breaks_from_kg if limit else None, "#b3261e", "breaks from"),
        )
    ):
        if kg is not None:
            right_half = x(kg) > (W + PAD_L) / 2  # keep the label inside the plot
            tx, anchor = (x(kg) - 3, "end") if right_half else (x(kg) + 3, "start")
            parts.append(
                f'<line x1="{x(kg):.1f}" y1="{PAD_T}" x2="{x(kg):.1f}" y2="{H - PAD_B}" '
                f'stroke="{colour}" stroke-dasharray="2 3"/><text x="{tx:.1f}" '
                f'y="{PAD_T + 62 + 16 * row}" font-size="{FONT}" fill="{colour}" '
                f'text-anchor="{anchor}">{label} {format_kg(kg)}</text>'
            )
    for i, s in enumerate(pts):
        tip = f"{s.session_date} set {s.set_number}: {format_kg(s.load_kg)}, score {s.score}"
        parts.append(
            f'<circle cx="{x(s.load_kg or 0.0):.1f}" cy="{_y(s.score or 0):.1f}" r="5" '
            f'fill="{_shade(i, len(pts))}" stroke="#333" stroke-width=".5">'
            f"<title>{escape(tip)}</title></circle>"
        )
    return _svg(parts, f"{exercise_name(pts[0].exercise)}: form score against load")


def timeline_svg(sets: list[SetSummary]) -> str:
    """Score of every judged set over time, labelled with its load.

    Args:
        sets: every set of the athlete, oldest first; unjudged ones are left out.

    Returns:
        An inline ``<svg>`` element (clean sets green, others red), or a muted paragraph when
        no set was judged.
    """
    pts = [s for s in sets if s.score is not None]
    if not pts:
        return '<p class="muted">No judged sets yet.</p>'
    t = [s.performed_at.timestamp() for s in pts]
    x = _x_scale(min(t), max(t))
    days = sorted({s.session_date for s in pts})
    step = math.ceil(len(days) / 4)  # at most four date labels ("05 Dec", 6 characters)
    first = {d: next(s for s in pts if s.session_date == d) for d in days[::step]}
    ticks = [
        (min(max(x(s.performed_at.timestamp()), PAD_L + 20), W - PAD_R - 22), f"{d:%d %b}")
        for d, s in first.items()
    ]
    parts = _axes(ticks, "date")
    path = " ".join(f"{x(ti):.1f},{_y(s.score or 0):.1f}" for ti, s in zip(t, pts, strict=True))
    parts.append(f'<polyline points="{path}" fill="none" stroke="#9ab" stroke-width="1"/>')
    for ti, s in zip(t, pts, strict=True):
        cls = "#1b6e20" if s.clean else "#b3261e"
        parts.append(
            f'<circle cx="{x(ti):.1f}" cy="{_y(s.score or 0):.1f}" r="4" fill="{cls}">'
            f"<title>{escape(f'{s.exercise} {format_kg(s.load_kg, s.load_text)}')}</title>"
            f"</circle>"
        )
    return _svg(parts, "form score over time")


@dataclass(frozen=True)
class ProgressView:
    """What the progress page shows, worked out from a History (see ``_progress_body.html``)."""

    athlete: str
    sessions: int
    n_sets: int
    limits: list[FormLimit]
    charts: list[tuple[str, Markup]]
    timeline: Markup
    faults: list[dict[str, Any]]
    sets: list[dict[str, Any]]
    generated: str
    clean_score: int = CLEAN_SCORE
    next_session: dict[str, Any] | None = None


def next_session(plan: Plan) -> dict[str, Any]:
    """The plan as the "Next session" card shows it: the prescription, why, how to move on."""
    return {
        "prescription": prescription_text(plan.prescription),
        "reasons": plan.reasons,
        "move_on": plan.move_on,
    }


def progress_view(history: History, plan: Plan | None = None) -> ProgressView:
    """Work out the progress page of ``history``: charts, form limits, faults in words, sets.

    ``plan`` is the next session (``feedback.plan.plan_next``); without it the plan is worked
    out from the history alone, without the bar heights only the stored results hold.
    """
    limits = {f.exercise: f for f in history.form_limits}
    exercises = sorted({s.exercise for s in history.sets})
    charts = [
        (
            ex,
            Markup(
                score_vs_load_svg([s for s in history.sets if s.exercise == ex], limits.get(ex))
            ),
        )
        for ex in exercises
    ]
    faults = [
        {
            "name": check_name(f.check),
            "sets": f.sets,
            "reps": f.reps,
            "last_seen": f.last_seen,
            "recurring": f.recurring,
        }
        for f in history.faults
    ]
    sets = [
        {
            "date": s.session_date,
            "set_number": s.set_number,
            "exercise": s.exercise,
            "load": format_kg(s.load_kg, s.load_text),
            "reps": s.rep_count,
            "score": "—" if s.score is None else str(s.score),
            "clean": s.clean,
            "broke_at": s.broke_at_rep or "—",
            "faults": ", ".join(check_name(c) for c in s.faults) or "—",
            "note": s.note or "",
        }
        for s in history.sets
    ]
    return ProgressView(
        athlete=history.athlete,
        sessions=len(history.sessions),
        n_sets=len(history.sets),
        limits=list(history.form_limits),
        charts=charts,
        timeline=Markup(timeline_svg(history.sets)),
        faults=faults,
        sets=sets,
        generated=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
        next_session=next_session(plan or plan_next(history.sets)),
    )


def render_progress_html(history: History, *, plan: Plan | None = None) -> str:
    """The athlete's progress page as one HTML document (UTF-8, nothing external).

    Args:
        history: what ``store.athlete_history`` returned.
        plan: the next session, when worked out with the stored bar heights.

    Returns:
        The page, from ``<!DOCTYPE html>`` to ``</html>``.
    """
    page = environment().get_template("progress.html")
    return page.render(p=progress_view(history, plan), css=stylesheet())
