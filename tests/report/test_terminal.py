"""The terminal output: every finding whole at 80 and 120 columns, plain when piped."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from hingecoach.checks.registry import BY_ID
from hingecoach.feedback.words import fault_name, finding_sentence
from hingecoach.models import SetResult
from hingecoach.report.terminal import WIDE_COLUMNS, render
from tests.report.conftest import Analysed


def rendered(result: SetResult, width: int, *, terminal: bool, verbosity: int = 0) -> str:
    out = io.StringIO()
    con = Console(file=out, width=width, force_terminal=terminal, color_system=None)
    render(result, con, verbosity=verbosity)
    return out.getvalue()


def flat(text: str) -> str:
    """The output with every run of spaces and line breaks as one space."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("terminal", [True, False], ids=["tty", "piped"])
def test_every_finding_is_said_whole_at_any_width(
    faulty_set: Analysed, width: int, terminal: bool
) -> None:
    r = faulty_set.result
    findings = [f for rep in r.reps for f in rep.faults + rep.watches]
    assert findings and r.fix_first and r.advice
    text = rendered(r, width, terminal=terminal)
    assert max(len(line) for line in text.splitlines()) <= width
    assert "…" not in text  # no cell cut short
    said = flat(text)
    for f in findings:
        assert flat(finding_sentence(f)) in said  # no word split, no letter dropped
    for line in [r.fix_first, *r.drifted, *r.advice]:
        assert flat(line) in said
    assert not any(cid in text for cid in BY_ID), "a check id reached the lifter"
    assert " bl" not in text and "oblique" not in text


def test_wide_table_names_each_fault_narrow_one_gives_a_short_verdict(
    faulty_set: Analysed,
) -> None:
    r = faulty_set.result
    faulty = next(rep for rep in r.reps if rep.faults)
    wide = rendered(r, WIDE_COLUMNS + 20, terminal=True).splitlines()
    row = next(line for line in wide if line.startswith(f"{faulty.index} "))
    assert fault_name(faulty.faults[0]).split()[0] in row
    narrow = rendered(r, 80, terminal=True).splitlines()
    row = next(line for line in narrow if line.startswith(f"{faulty.index} "))
    assert row.rstrip().endswith("fault" if len(faulty.faults) == 1 else "faults")
    assert "knee°, shin° = the most in the rep" in flat("\n".join(narrow))  # not the judged value


def test_piped_output_is_plain(faulty_set: Analysed) -> None:
    text = rendered(faulty_set.result, 80, terminal=False)
    assert "\x1b" not in text
    assert not any(line != line.rstrip() for line in text.splitlines())


def test_quiet_and_verbose(faulty_set: Analysed) -> None:
    r = faulty_set.result
    quiet = rendered(r, 80, terminal=False, verbosity=-1)
    assert "tempo s" not in quiet and flat(r.fix_first or "?") in flat(quiet)
    normal = rendered(r, 80, terminal=False)
    verbose = rendered(r, 80, terminal=False, verbosity=1)
    assert len(verbose) >= len(normal) > len(quiet)


def test_a_squat_is_not_called_clean_and_said_not_a_hinge_once(faulty_set: Analysed) -> None:
    r = faulty_set.result
    reps = [rep.model_copy(update={"findings": []}) for rep in r.reps]
    squat = r.model_copy(
        update={
            "exercise": "squat",
            "is_hinge": False,
            "reps": reps,
            "score": None,
            "fix_first": None,
            "drifted": [],
            "broke_at_rep": None,
            "advice": ["This is not a hip hinge: the hips dropped straight down."],
            "warnings": ["not a hinge: the hips dropped straight down"],
        }
    )
    for width in (80, 120):
        text = rendered(squat, width, terminal=False)
        assert "clean" not in text
        assert text.count("hips dropped straight down") == 1
        assert "not a hip hinge: no rep judged" in flat(text)


def test_a_one_rep_set_says_no_breakdown_nor_drift(faulty_set: Analysed) -> None:
    r = faulty_set.result
    first = next(rep for rep in r.reps if rep.counted)
    one = r.model_copy(
        update={"reps": [first], "rep_count": 1, "broke_at_rep": 1, "drifted": [], "advice": []}
    )
    text = rendered(one, 80, terminal=False)
    assert "broke at rep" not in text and "Drift" not in text and "1 reps" not in text
    assert "1 rep ·" in text.splitlines()[0]
