"""The self-tests' results for people: a Rich terminal rendering and an HTML fragment.

The fragment is one self-contained ``<section>`` (its own small ``<style>``), rendered with
Jinja2 (autoescaped) like every other HTML surface, for a report or a web page to embed.
"""

from __future__ import annotations

from collections.abc import Sequence

import jinja2
from markupsafe import Markup
from rich.console import Console
from rich.table import Table

from hingecoach.selftest.models import ContactPoint, DowelResult, PracticeResult, WallResult

POINT_NAMES: dict[ContactPoint, str] = {
    "head": "head",
    "upper_back": "upper back",
    "sacrum": "sacrum",
}
VERDICT_NAMES = {
    "good": "hips reached the wall first",
    "knees_forward": "knees drifted forward first",
    "torso_broke": "back rounded first",
    "no_contact": "hips never reached the wall",
    "cannot_judge": "cannot judge",
}


def _num(x: float | None, unit: str) -> str:
    return "—" if x is None else f"{x:.1f} {unit}"


def print_setup(
    console: Console, title: str, lines: Sequence[str], *, what: str = "set-up"
) -> None:
    """Numbered instructions (the set-up, by default) before the analysis starts."""
    console.print(f"[bold]{title}: {what}[/]")
    for k, line in enumerate(lines, 1):
        console.print(f"  {k}. {line}", highlight=False)
    console.print()


def _verdict(passed: bool | None) -> str:
    return {True: "[green]passed[/]", False: "[red]needs work[/]", None: "[yellow]not judged[/]"}[
        passed
    ]


def print_dowel(console: Console, r: DowelResult) -> None:
    """The dowel test: which dowel, the gaps per rep and every contact lost."""
    console.print(f"[bold]Dowel test[/]: {_verdict(r.passed)}")
    console.print(f"dowel: {r.dowel} — {r.note}", highlight=False)
    table = Table("rep", "time", *(f"{POINT_NAMES[p]} gap" for p in POINT_NAMES), "lost")
    for rep in r.reps:
        table.add_row(
            str(rep.index),
            f"{rep.start_s:.1f}–{rep.end_s:.1f} s",
            *(_num(rep.max_gap_cm[p], "cm") for p in POINT_NAMES),
            ", ".join(POINT_NAMES[p] for p in rep.lost) or "—",
        )
    if r.reps:
        console.print(table)
    for c in r.losses:
        where = f"rep {c.rep}" if c.rep is not None else "between reps"
        console.print(
            f"[red]contact lost[/] at the {POINT_NAMES[c.point]}: {where}, "
            f"{c.start_s:.1f}–{c.end_s:.1f} s, gap up to {c.max_gap_cm:.1f} cm",
            highlight=False,
        )
    console.print(
        f"a gap over {r.gap_limit_cm:.0f} cm is a lost contact; cm from a height of "
        f"{r.height_m:.2f} m (1 body length = {r.cm_per_bl:.0f} cm)",
        style="dim",
        highlight=False,
    )
    for w in r.warnings:
        console.print(f"[yellow]note:[/] {w}", highlight=False)


def print_wall(console: Console, r: WallResult) -> None:
    """The wall test: per rep, what came first and the figures at the moment."""
    console.print(f"[bold]Wall test[/] ({r.wall_cm:.0f} cm): {_verdict(r.passed)}")
    table = Table("rep", "verdict", "at", "hips back", "knees forward", "torso", "back curve")
    for rep in r.reps:
        table.add_row(
            str(rep.index),
            VERDICT_NAMES[rep.verdict],
            f"{rep.at_s:.1f} s" + ("" if rep.contact else " (bottom)"),
            _num(rep.hip_travel_cm, "cm"),
            _num(rep.knee_travel_cm, "cm"),
            _num(rep.torso_to_horizontal_deg, "°"),
            _num(rep.spine_bend_deg, "°"),
        )
    if r.reps:
        console.print(table)
    for rep in r.reps:
        if rep.detail and rep.verdict != "good":
            console.print(f"rep {rep.index}: {rep.detail}", highlight=False)
    console.print(
        f"limits: knees {r.knee_limit_cm:.1f} cm forward, back curve {r.spine_limit_deg:.0f}°; "
        f"torso angle to the horizontal; cm from a height of {r.height_m:.2f} m",
        style="dim",
        highlight=False,
    )
    for w in r.warnings:
        console.print(f"[yellow]note:[/] {w}", highlight=False)


GROOVED = {True: "grooved", False: "not yet consistent", None: "too few reps to tell"}
SPREAD_NAMES = {
    "depth_deg": ("depth (torso to the floor)", "°"),
    "knee_bend_deg": ("knee bend", "°"),
    "hip_travel_cm": ("hips back", "cm"),
}


def print_practice(console: Console, r: PracticeResult) -> None:
    """The practice session: each rep's cue and figures, then how alike the reps were."""
    console.print(f"[bold]Practice[/]: {len(r.reps)} reps, {GROOVED[r.consistent]}")
    table = Table("rep", "said after it", "depth", "knee bend", "hips back")
    for rep in r.reps:
        table.add_row(
            str(rep.index),
            rep.cue,
            _num(rep.depth_deg, "°"),
            _num(rep.knee_bend_deg, "°"),
            _num(rep.hip_travel_cm, "cm"),
        )
    if r.reps:
        console.print(table)
    for key, sp in r.spread.items():
        name, unit = SPREAD_NAMES[key]
        if sp.sd is None:
            continue
        mark = "[green]within[/]" if sp.consistent else "[red]beyond[/]"
        console.print(
            f"{name}: reps vary by {sp.sd:.1f} {unit} (standard deviation), {mark} "
            f"{sp.limit:.1f} {unit}",
            highlight=False,
        )
    for w in r.warnings:
        console.print(f"[yellow]note:[/] {w}", highlight=False)


_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_STYLE = (
    "<style>.hc-selftest table{border-collapse:collapse}"
    ".hc-selftest td,.hc-selftest th{padding:.2em .6em;border-bottom:1px solid #ddd;"
    "text-align:left}.hc-selftest .bad{color:#b00020}.hc-selftest .ok{color:#1b5e20}</style>"
)
_DOWEL = _ENV.from_string(
    """<section class="hc-selftest" id="selftest-dowel">{{ style }}
<h2>Dowel test: <span class="{{ 'ok' if r.passed else 'bad' }}">{{ verdict }}</span></h2>
<p>Dowel: {{ r.dowel }} — {{ r.note }}.</p>
{% if r.reps %}<table><tr><th>rep</th><th>time</th>
{% for p in names.values() %}<th>{{ p }} gap</th>{% endfor %}<th>lost</th></tr>
{% for rep in r.reps %}<tr><td>{{ rep.index }}</td>
<td>{{ '%.1f' % rep.start_s }}–{{ '%.1f' % rep.end_s }} s</td>
{% for p in names %}<td>{{ num(rep.max_gap_cm[p], 'cm') }}</td>{% endfor %}
<td>{% for p in rep.lost %}{{ names[p] }}{{ ', ' if not loop.last }}{% else %}—{% endfor %}</td>
</tr>{% endfor %}
</table>{% endif %}
<ul>{% for c in r.losses %}<li class="bad">Contact lost at the {{ names[c.point] }}:
{{ 'rep %d' % c.rep if c.rep is not none else 'between reps' }},
{{ '%.1f' % c.start_s }}–{{ '%.1f' % c.end_s }} s, gap up to {{ '%.1f' % c.max_gap_cm }} cm.
</li>{% endfor %}{% for w in r.warnings %}<li>{{ w }}</li>{% endfor %}</ul>
<p><small>A gap over {{ '%.0f' % r.gap_limit_cm }} cm is a lost contact; centimetres from a
height of {{ '%.2f' % r.height_m }} m.</small></p></section>"""
)
_WALL = _ENV.from_string(
    """<section class="hc-selftest" id="selftest-wall">{{ style }}
<h2>Wall test ({{ '%.0f' % r.wall_cm }} cm):
<span class="{{ 'ok' if r.passed else 'bad' }}">{{ verdict }}</span></h2>
{% if r.reps %}<table><tr><th>rep</th><th>verdict</th><th>at</th><th>hips back</th>
<th>knees forward</th><th>torso to horizontal</th><th>back curve</th></tr>
{% for rep in r.reps %}<tr class="{{ 'ok' if rep.verdict == 'good' else 'bad' }}">
<td>{{ rep.index }}</td><td>{{ verdicts[rep.verdict] }}</td>
<td>{{ '%.1f' % rep.at_s }} s{{ '' if rep.contact else ' (bottom)' }}</td>
<td>{{ num(rep.hip_travel_cm, 'cm') }}</td><td>{{ num(rep.knee_travel_cm, 'cm') }}</td>
<td>{{ num(rep.torso_to_horizontal_deg, '°') }}</td><td>{{ num(rep.spine_bend_deg, '°') }}</td>
</tr>{% endfor %}</table>{% endif %}
<ul>{% for rep in r.reps %}{% if rep.detail and rep.verdict != 'good' %}
<li>Rep {{ rep.index }}: {{ rep.detail }}.</li>{% endif %}{% endfor %}
{% for w in r.warnings %}<li>{{ w }}</li>{% endfor %}</ul>
<p><small>Limits: knees {{ '%.1f' % r.knee_limit_cm }} cm forward, back curve
{{ '%.0f' % r.spine_limit_deg }}°; centimetres from a height of {{ '%.2f' % r.height_m }} m.
</small></p></section>"""
)


_PRACTICE = _ENV.from_string(
    """<section class="hc-selftest" id="selftest-practice">{{ style }}
<h2>Practice: <span class="{{ 'ok' if r.consistent else 'bad' }}">{{ verdict }}</span></h2>
<h3>The cues, before the first rep</h3>
<ol>{% for c in r.cues_before %}<li>{{ c }}</li>{% endfor %}</ol>
{% if r.reps %}<table><tr><th>rep</th><th>said after it</th><th>depth</th><th>knee bend</th>
<th>hips back</th></tr>{% for rep in r.reps %}<tr class="{{ 'bad' if rep.faults else 'ok' }}">
<td>{{ rep.index }}</td><td>{{ rep.cue }}</td><td>{{ num(rep.depth_deg, '°') }}</td>
<td>{{ num(rep.knee_bend_deg, '°') }}</td><td>{{ num(rep.hip_travel_cm, 'cm') }}</td></tr>
{% endfor %}</table>{% endif %}
<ul>{% for key, sp in r.spread.items() %}{% if sp.sd is not none %}<li>{{ names[key][0] }}:
reps vary by {{ '%.1f' % sp.sd }} {{ names[key][1] }} (limit {{ '%.1f' % sp.limit }})</li>
{% endif %}{% endfor %}{% for w in r.warnings %}<li>{{ w }}</li>{% endfor %}</ul></section>"""
)


def html_section(result: DowelResult | WallResult | PracticeResult) -> str:
    """A self-contained HTML ``<section>`` for any self-test's result."""
    if isinstance(result, PracticeResult):
        return _PRACTICE.render(
            r=result,
            verdict=GROOVED[result.consistent],
            num=_num,
            names=SPREAD_NAMES,
            style=Markup(_STYLE),
        )
    verdict = {True: "passed", False: "needs work", None: "not judged"}[result.passed]
    common = {"r": result, "verdict": verdict, "num": _num, "style": Markup(_STYLE)}
    if isinstance(result, DowelResult):
        return _DOWEL.render(names=POINT_NAMES, **common)
    return _WALL.render(verdicts=VERDICT_NAMES, **common)
