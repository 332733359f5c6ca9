"""SetResults with exactly the faults a test needs (scored by the real scoring code)."""

from __future__ import annotations

from hingecoach.feedback.score import set_score
from hingecoach.models import Finding, RepResult, SetResult


def _rep(index: int, checks: list[str], *, counted: bool = True) -> RepResult:
    findings = [
        Finding(
            check=c, rep=index, severity="fault", value=30.0, limit=20.0, unit="deg", cue=f"fix {c}"
        )
        for c in checks
    ]
    findings.append(
        Finding(check="torso_neutral", rep=index, severity="cannot_judge", cue="film the back")
    )
    t = 3.0 * (index - 1)
    return RepResult(
        index=index,
        counted=counted,
        start_frame=90 * (index - 1),
        bottom_frame=90 * index - 45,
        end_frame=90 * index,
        start_s=t,
        bottom_s=t + 1.5,
        end_s=t + 3.0,
        lower_s=1.5,
        bottom_hold_s=0.1,
        rise_s=1.4,
        knee_flexion_max_deg=25.0,
        shin_angle_max_deg=8.0,
        torso_angle_min_deg=40.0,
        hip_flexion_max_deg=95.0,
        findings=findings,
    )


def make_result(
    *,
    exercise: str = "rdl",
    reps: int = 5,
    faults: dict[int, list[str]] | None = None,
    broke_at_rep: int | None = None,
    partial_faults: list[str] | None = None,
    source: str = "synthetic.json",
) -> SetResult:
    """A set of ``reps`` counted reps with ``faults`` (rep → check ids) and one partial rep.

    The partial (uncounted) last rep carries ``partial_faults``, which history must ignore.
    """
    faults = faults or {}
    rep_list = [_rep(i, faults.get(i, [])) for i in range(1, reps + 1)]
    rep_list.append(_rep(reps + 1, partial_faults or [], counted=False))
    return SetResult(
        source=source,
        exercise=exercise,
        exercise_detected=False,
        view="side",
        rep_count=reps,
        reps=rep_list,
        score=set_score(rep_list),
        broke_at_rep=broke_at_rep,
        limits={"knee_bend": {"enabled": True, "max_deg": 20.0}},
        series={"t_s": [0.0, 0.033], "knee_deg": [10.0, None]},
    )
