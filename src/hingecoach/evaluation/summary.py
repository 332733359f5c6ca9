"""Totals of a real-clip evaluation, and the one table (plus the clips behind it) it prints.

Per check, over the clips labelled ``ok`` or ``fault`` whose result judged the check:

- agreement: fired on a ``fault`` label or stayed quiet on an ``ok`` one, over those clips;
- false alarms: fired on ``ok`` labels, over the judged ``ok`` labels;
- recall: fired on ``fault`` labels, over the judged ``fault`` labels;
- not judged: ``ok``/``fault`` labels the result did not judge (neither agreement nor alarm);
- left out: ``unclear`` and ``n/a`` labels.

Per clip, "no-fault clips clean": of the clips whose labels judge some check ``ok`` and mark none
``fault``, those whose result has no fault on any counted rep (a "watch" is not a fault).
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field
from rich.console import Console
from rich.table import Table

from hingecoach.evaluation.grading import ClipRow


class Tally(BaseModel):
    """``right`` out of ``graded``; ``skipped`` clips had nothing to grade against."""

    right: int = 0
    graded: int = 0
    skipped: int = 0

    @property
    def fraction(self) -> float | None:
        """Share of graded clips that were right, in [0, 1]; None when nothing was graded."""
        return self.right / self.graded if self.graded else None

    def add(self, verdict: bool | None) -> None:
        """Count one clip's verdict (None = skipped)."""
        if verdict is None:
            self.skipped += 1
        else:
            self.graded += 1
            self.right += int(verdict)


class CheckTally(BaseModel):
    """One check's counts over the folder (see the module docstring)."""

    ok_judged: int = 0
    false_alarms: int = 0
    fault_judged: int = 0
    caught: int = 0
    not_judged: int = 0
    left_out: int = 0
    no_check: bool = False

    @property
    def judged(self) -> int:
        """Clips labelled ok or fault whose result judged the check."""
        return self.ok_judged + self.fault_judged

    @property
    def agreed(self) -> int:
        """Quiet on ok plus fired on fault."""
        return self.ok_judged - self.false_alarms + self.caught


class RealReport(BaseModel):
    """A folder's real-clip evaluation: every clip's row and the totals over them."""

    folder: str
    rows: list[ClipRow]
    reps: Tally = Field(default_factory=Tally)
    exercise: Tally = Field(default_factory=Tally)
    view: Tally = Field(default_factory=Tally)
    clean: Tally = Field(
        default_factory=Tally,
        description="clips whose labels mark no fault (and some check ok) that got no fault",
    )
    checks: dict[str, CheckTally] = Field(default_factory=dict)
    view_confusion: dict[str, int] = Field(
        default_factory=dict, description="'label → result' → clips, wrong views only"
    )

    @classmethod
    def from_rows(cls, folder: str, rows: list[ClipRow]) -> RealReport:
        """Total the rows."""
        report = cls(folder=folder, rows=rows)
        confusion: Counter[str] = Counter()
        for row in rows:
            report.reps.add(row.reps_right)
            report.exercise.add(row.exercise_right)
            report.view.add(row.view_right)
            if row.clean_label:
                report.clean.add(None if row.error else not row.faults)
            if row.view_right is False:
                confusion[f"{row.label_view} → {row.view or 'no result'}"] += 1
            for check, g in row.checks.items():
                t = report.checks.setdefault(check, CheckTally())
                t.no_check = t.no_check or g.state == "no_check"
                if g.label not in ("ok", "fault"):
                    t.left_out += 1
                elif g.state not in ("fired", "quiet"):
                    t.not_judged += 1
                elif g.label == "ok":
                    t.ok_judged += 1
                    t.false_alarms += int(g.state == "fired")
                else:
                    t.fault_judged += 1
                    t.caught += int(g.state == "fired")
        report.view_confusion = dict(confusion.most_common())
        return report

    @property
    def impossible(self) -> list[ClipRow]:
        """Clips whose result carries a physically impossible value."""
        return [r for r in self.rows if r.impossible]

    @property
    def errors(self) -> list[ClipRow]:
        """Clips whose analysis raised."""
        return [r for r in self.rows if r.error is not None]

    def rows_json(self) -> str:
        """The per-clip rows as a JSON array (for ``--json``)."""
        return "[\n" + ",\n".join(r.model_dump_json() for r in self.rows) + "\n]\n"


def frac(n: int, d: int) -> str:
    """``"n/d (p %)"``, or ``"—"`` when ``d`` is 0."""
    return f"{n}/{d} ({100 * n / d:.0f} %)" if d else "—"


def render(report: RealReport, console: Console) -> None:
    """Print the accuracy table, then the clips behind every miss.

    A miss is a wrong count, exercise or view, an impossible value or an exception; exceptions
    are shown as their message, never a traceback, so the listing stays one line per clip.
    """
    table = Table(title=f"hingecoach eval --real {report.folder} ({len(report.rows)} clips)")
    for col in ("measure", "right / agreement", "false alarms on ok", "recall on fault"):
        table.add_column(col)
    table.add_column("not judged", justify="right")
    table.add_column("left out", justify="right")
    for name, t in (
        ("reps exact", report.reps),
        ("exercise right", report.exercise),
        ("view right", report.view),
        ("no-fault clips clean", report.clean),
    ):
        table.add_row(name, frac(t.right, t.graded), "", "", "", str(t.skipped))
    table.add_section()
    for check, c in report.checks.items():
        name = f"{check} (no such check)" if c.no_check else check
        table.add_row(
            name,
            frac(c.agreed, c.judged),
            frac(c.false_alarms, c.ok_judged),
            frac(c.caught, c.fault_judged),
            str(c.not_judged),
            str(c.left_out),
        )
    table.add_section()
    n_values = sum(len(r.impossible) for r in report.rows)
    table.add_row("impossible values", f"{len(report.impossible)} clips ({n_values} values)")
    table.add_row("exceptions", f"{len(report.errors)} clips")
    console.print(table)
    if report.view_confusion:
        wrong = ", ".join(f"{k}: {v}" for k, v in report.view_confusion.items())
        console.print(f"views wrong (label → result): {wrong}")
    _listing(report, console)


def _listing(report: RealReport, console: Console) -> None:
    rows = report.rows
    sections = [
        (
            "reps wrong",
            [r for r in rows if r.reps_right is False and r.error is None],
            lambda r: f"label {r.label_reps}, counted {r.rep_count} ({'; '.join(r.reps_seen)})",
        ),
        (
            "exercise wrong",
            [r for r in rows if r.exercise_right is False and r.error is None],
            lambda r: (
                f"label {r.label_exercise}, result "
                + ((r.exercise or "?") if r.is_hinge else "not a hinge")
            ),
        ),
        (
            "view wrong",
            [r for r in rows if r.view_right is False and r.error is None],
            lambda r: f"label {r.label_view}, result {r.view}",
        ),
        (
            "faults on clips labelled without one",
            [r for r in rows if r.clean_label and r.faults and r.error is None],
            lambda r: ", ".join(r.faults),
        ),
        (
            "impossible values",
            report.impossible,
            lambda r: "; ".join(r.impossible),
        ),
        ("exceptions", report.errors, lambda r: r.error or ""),
    ]
    for title, hits, say in sections:
        if not hits:
            continue
        console.print(f"[bold]{title}[/] ({len(hits)}):", highlight=False)
        for r in hits:
            console.print(f"  {r.clip}: {say(r)}", markup=False, highlight=False, soft_wrap=True)
