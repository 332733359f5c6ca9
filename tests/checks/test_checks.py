"""Every check: pass, fail, exactly at the limit (passes), and missing data (cannot judge).

One generic runner over a table of cases, as linter rule suites do: each case sets the one signal
the check reads on a synthetic rep and states the expected verdict. The limits the cases are
written against are stated here too (``LIMITS``), not read from a shipped profile, so editing a
profile cannot silently move a boundary test. Then the registry: every check is a whole unit.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import fields, replace

import numpy as np
import pytest

from hingecoach.checks.base import (
    CannotJudge,
    Check,
    Limits,
    PlotLimit,
    RepContext,
    TableColumn,
    Verdict,
)
from hingecoach.checks.profiles import EXERCISES, load_profile
from hingecoach.checks.registry import BY_ID, CHECKS
from hingecoach.checks.torso_neutral import TorsoNeutralLimits
from hingecoach.feedback.advice import GROUPS
from hingecoach.kinematics.signals import Signals
from hingecoach.kinematics.view import ViewEstimate
from hingecoach.reps.phases import Pause, Phases
from hingecoach.reps.segment import RepSpan

N = 100
T = np.arange(N) / 30.0
# A rep: lowering frames 10..40, bottom hold 40..50, rise 50..80.
SPAN = RepSpan(start=10, bottom=45, end=80, counted=True)


def _lean() -> np.ndarray:
    lean = np.zeros(N)
    lean[10:41] = np.linspace(0, 60, 31)
    lean[41:51] = 60
    lean[50:81] = np.linspace(60, 0, 31)
    return lean


def make_signals(**over: np.ndarray) -> Signals:
    """A clean side-view rep; keyword arrays replace single signals."""
    z = np.zeros(N)
    base = Signals(
        t_s=T,
        valid=np.ones(N, bool),
        view=ViewEstimate("side", 0.0, "right", 1.0),
        body_length_px=1000.0,
        knee_flexion_deg=z + 10,
        hip_flexion_deg=_lean(),
        shin_angle_deg=z + 4,
        torso_angle_deg=90 - _lean(),
        neck_angle_deg=z.copy(),
        lean_deg=_lean(),
        hip_x_bl=-_lean() / 600,
        knee_x_bl=z.copy(),
        hip_height_bl=z + 0.68,
        bar_offset_bl=z + 0.05,
        bar_height_shin=z + 2.0,
        hand_height_bl=z + 0.5,
        hands_spread_bl=z.copy(),
        shoulder_height_bl=z + 1.0,
        feet_x_bl=z.copy(),
        spine_bend_deg=z + 5,
        knee_valgus_deg=z + 2,
        feet_turnout_deg=z + 8,
        has_feet=True,
    )
    return replace(base, **over)


PHASES = Phases(10, 40, 50, 80, 1.0, 0.33, 1.0, None, lower_core_s=0.8)


def ctx_for(sig: Signals, phases: Phases = PHASES) -> RepContext:
    """Context of rep 1."""
    return RepContext(1, sig, SPAN, phases)


def bottom(value: float, default: float) -> np.ndarray:
    """A series at ``default`` with ``value`` over the bottom hold (and NaN handling intact)."""
    x = np.full(N, default)
    x[38:53] = value
    return x


def _upright(value: float, default: float) -> np.ndarray:
    """A series at ``default`` with ``value`` wherever the lean is under 45°."""
    return np.where(_lean() < 45, value, default)


def with_pause(duration_s: float, height: float) -> Phases:
    """Phases whose rise holds still for ``duration_s`` at ``height`` of the shin."""
    return replace(PHASES, pause=Pause(55, 55 + int(duration_s * 30), duration_s, height))


def knee_travel(bl: float) -> dict[str, np.ndarray]:
    """Knees go forward by ``bl`` during the first third of the lowering while the hips wait."""
    hip = np.zeros(N)
    hip[20:41] = -np.linspace(0, 0.1, 21)
    hip[41:] = -0.1
    knee = np.zeros(N)
    knee[10:20] = np.linspace(0, bl, 10)
    knee[20:] = bl
    return {"hip_x_bl": hip, "knee_x_bl": knee}


def pull(drop_deg: float, *, set_up_drop_deg: float = 0.0) -> dict[str, np.ndarray]:
    """A pull from the floor whose back angle drops ``drop_deg`` after the bar breaks.

    Hips and hands are lowest over the bottom hold (frames 41-50) and rise with the lean; the
    hands clear the floor by 0.02 body lengths at frame 52. The torso sits at 30° from the
    bottom until frame 56, dips to ``30 - drop_deg`` for frames 56-63, then comes up.
    ``set_up_drop_deg`` starts the bottom that much higher (frames 41-46), the hips rising into
    position while the bar still rests on the floor.
    """
    hip = 0.68 - 0.23 * _lean() / 60
    hand = 0.5 - 0.35 * _lean() / 60
    torso = 90 - _lean()
    torso[41:56] = 30
    torso[41:47] += set_up_drop_deg
    torso[56:64] = 30 - drop_deg
    return {"hip_height_bl": hip, "hand_height_bl": hand, "torso_angle_deg": torso}


Case = tuple[str, str, Callable[[], tuple[Signals, Phases]], bool | None]


def S(phases: Phases = PHASES, **over: np.ndarray) -> Callable[[], tuple[Signals, Phases]]:
    return lambda: (make_signals(**over), phases)


NAN = np.full(N, np.nan)
#: The limits every case below is written against (the RDL profile's when written, and the
#: pause deadlift's for the pause checks), as a profile table without ``enabled``.
LIMITS: dict[str, dict[str, float]] = {
    "hips_back_first": {"max_knee_travel_bl": 0.05, "hips_moved_bl": 0.03, "hips_moved_share": 0.3},
    "hips_shoot_up": {"max_drop_deg": 8.0},
    "hips_too_low": {"min_thigh_deg": 45.0},
    "torso_neutral": {"max_flexion_deg": 15.0, "max_extension_deg": 15.0},
    "knee_bend": {"max_deg": 20.0},
    "shin_vertical": {"max_deg": 12.0},
    "head_neutral": {"max_up_deg": 20.0, "max_down_deg": 20.0},
    "hinge_depth": {"max_torso_deg": 45.0},
    "bar_close": {"max_offset_bl": 0.12},
    "lockout_overextension": {"max_torso_deg": 100.0},
    "knee_valgus": {"max_deg": 10.0},
    "feet_turnout": {"max_deg": 25.0},
    "pause_position": {"min_shin": 0.4, "max_shin": 1.0},
    "pause_duration": {"min_s": 1.0, "max_s": 2.5},
    "lowering_control": {"min_lower_s": 0.25},
}


def limits_for(check_id: str) -> Limits:
    """The stated limits of ``check_id`` as its own limits class, enabled."""
    return BY_ID[check_id].limits.model_validate({"enabled": True, **LIMITS[check_id]})


# (check, case name, signals factory, expected: True fault / False pass / None cannot judge).
CASES: list[Case] = [
    ("knee_bend", "pass", S(knee_flexion_deg=bottom(15, 5)), False),
    ("knee_bend", "fail", S(knee_flexion_deg=bottom(30, 5)), True),
    ("knee_bend", "at limit", S(knee_flexion_deg=bottom(20, 5)), False),
    ("knee_bend", "missing", S(knee_flexion_deg=NAN), None),
    ("shin_vertical", "pass", S(shin_angle_deg=bottom(6, 2)), False),
    ("shin_vertical", "fail", S(shin_angle_deg=bottom(20, 2)), True),
    ("shin_vertical", "at limit", S(shin_angle_deg=bottom(12, 2)), False),
    ("shin_vertical", "missing", S(shin_angle_deg=NAN), None),
    ("hips_back_first", "pass", S(**knee_travel(0.01)), False),
    ("hips_back_first", "fail", S(**knee_travel(0.08)), True),
    ("hips_back_first", "at limit", S(**knee_travel(0.05)), False),
    ("hips_back_first", "missing", S(hip_x_bl=NAN), None),
    ("hips_shoot_up", "pass", S(**pull(4)), False),
    ("hips_shoot_up", "shoots up", S(**pull(12)), True),
    ("hips_shoot_up", "at limit", S(**pull(8)), False),
    ("hips_shoot_up", "hips set before the bar breaks", S(**pull(0, set_up_drop_deg=15)), False),
    ("hips_shoot_up", "missing", S(**{**pull(12), "torso_angle_deg": NAN}), None),
    ("hips_shoot_up", "bar never leaves the floor", S(**{**pull(12), "hand_height_bl": NAN}), None),
    ("hips_shoot_up", "hips never rise", S(), None),
    # Shin 4° (make_signals): the thigh above horizontal is 94° minus the knee flexion.
    ("hips_too_low", "pass", S(knee_flexion_deg=bottom(40, 10)), False),
    ("hips_too_low", "sits down", S(knee_flexion_deg=bottom(70, 10)), True),
    ("hips_too_low", "at limit", S(knee_flexion_deg=bottom(49, 10)), False),
    (
        "hips_too_low",
        "a flicker",
        S(knee_flexion_deg=np.r_[np.full(44, 10.0), 70, 70, np.full(54, 10.0)]),
        False,
    ),
    ("hips_too_low", "missing", S(knee_flexion_deg=NAN), None),
    ("torso_neutral", "pass", S(spine_bend_deg=bottom(10, 5)), False),
    ("torso_neutral", "rounded", S(spine_bend_deg=bottom(30, 5)), True),
    ("torso_neutral", "arched", S(spine_bend_deg=bottom(-20, 5)), True),
    ("torso_neutral", "at limit", S(spine_bend_deg=bottom(15, 5)), False),
    # Upright (lean under 45°) the outline meets the glutes: only the hinged part is read.
    ("torso_neutral", "rounded only upright", S(spine_bend_deg=_upright(40.0, 5.0)), False),
    ("torso_neutral", "never hinged", S(lean_deg=_lean() / 2, spine_bend_deg=bottom(30, 5)), None),
    ("torso_neutral", "no contour", S(spine_bend_deg=NAN), None),
    ("head_neutral", "pass", S(neck_angle_deg=bottom(10, 0)), False),
    ("head_neutral", "cranked", S(neck_angle_deg=bottom(30, 0)), True),
    ("head_neutral", "dropped", S(neck_angle_deg=bottom(-30, 0)), True),
    ("head_neutral", "at limit", S(neck_angle_deg=bottom(20, 0)), False),
    ("head_neutral", "missing", S(neck_angle_deg=NAN), None),
    ("hinge_depth", "pass", S(), False),
    ("hinge_depth", "shallow", S(lean_deg=_lean() * 0.5), True),
    ("hinge_depth", "at limit", S(lean_deg=_lean() * 0.75), False),
    ("hinge_depth", "missing", S(lean_deg=NAN), None),
    ("lockout_overextension", "pass", S(), False),
    (
        "lockout_overextension",
        "leans back",
        S(torso_angle_deg=bottom(90, 90) + np.r_[np.zeros(75), np.full(25, 18)]),
        True,
    ),
    (
        "lockout_overextension",
        "at limit",
        S(torso_angle_deg=np.r_[np.full(75, 90.0), np.full(25, 100.0)]),
        False,
    ),
    ("lockout_overextension", "missing", S(torso_angle_deg=NAN), None),
    ("bar_close", "pass", S(), False),
    ("bar_close", "drifts", S(bar_offset_bl=bottom(0.25, 0.05)), True),
    ("bar_close", "at limit", S(bar_offset_bl=bottom(0.12, 0.05)), False),
    ("bar_close", "missing", S(bar_offset_bl=NAN), None),
    ("knee_valgus", "pass", S(), False),
    ("knee_valgus", "caves", S(knee_valgus_deg=bottom(18, 2)), True),
    ("knee_valgus", "at limit", S(knee_valgus_deg=bottom(10, 2)), False),
    ("knee_valgus", "missing", S(knee_valgus_deg=NAN), None),
    ("feet_turnout", "pass", S(), False),
    ("feet_turnout", "turned out", S(feet_turnout_deg=np.full(N, 35.0)), True),
    ("feet_turnout", "at limit", S(feet_turnout_deg=np.full(N, 25.0)), False),
    ("feet_turnout", "missing", S(feet_turnout_deg=NAN), None),
    ("pause_position", "mid-shin", S(with_pause(1.5, 0.5)), False),
    ("pause_position", "above knee", S(with_pause(1.5, 1.3)), True),
    ("pause_position", "at limit", S(with_pause(1.5, 1.0)), False),
    ("pause_position", "no pause", S(), None),
    ("pause_duration", "pass", S(with_pause(1.5, 0.5)), False),
    ("pause_duration", "short", S(with_pause(0.4, 0.5)), True),
    ("pause_duration", "at limit", S(with_pause(1.0, 0.5)), False),
    ("pause_duration", "none", S(), True),
    ("lowering_control", "pass", S(), False),
    ("lowering_control", "dropped", S(replace(PHASES, lower_core_s=0.15)), True),
    ("lowering_control", "at limit", S(replace(PHASES, lower_core_s=0.25)), False),
    ("lowering_control", "lowering not seen", S(replace(PHASES, lower_end=10)), None),
]


@pytest.mark.parametrize(
    ("check_id", "name", "factory", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_check_case(
    check_id: str, name: str, factory: Callable[[], tuple[Signals, Phases]], expected: bool | None
) -> None:
    sig, phases = factory()
    verdict = BY_ID[check_id].judge(ctx_for(sig, phases), limits_for(check_id))
    if expected is None:
        assert isinstance(verdict, CannotJudge), verdict
        assert verdict.reason
    else:
        assert isinstance(verdict, Verdict), verdict
        assert verdict.fault is expected, verdict
    if name == "at limit":  # the boundary case sits exactly on its stated limit
        assert isinstance(verdict, Verdict) and verdict.value == pytest.approx(verdict.limit)


def test_stated_limits_are_every_limit_of_every_check() -> None:
    assert set(LIMITS) == set(BY_ID)
    for cid in BY_ID:
        assert limits_for(cid).enabled  # the limits class rejects a missing or unknown key


def test_held_faults_hold_the_same_time_at_60_fps() -> None:
    """A 0.1 s flicker is not a drift at 60 fps either; a 0.4 s drift is, as at 30 fps."""
    t60 = np.arange(N) / 60.0
    span = RepSpan(start=10, bottom=45, end=95, counted=True)
    for blip_frames, fault in ((6, False), (24, True)):
        offset = np.full(N, 0.05)
        offset[40 : 40 + blip_frames] = 0.3
        sig = make_signals(t_s=t60, bar_offset_bl=offset)
        ctx = RepContext(1, sig, span, PHASES)
        verdict = BY_ID["bar_close"].judge(ctx, limits_for("bar_close"))
        assert isinstance(verdict, Verdict) and verdict.fault is fault, (blip_frames, verdict)


def test_every_check_has_cases_for_pass_fail_limit_and_missing() -> None:
    for check in CHECKS:
        expected = {c[3] for c in CASES if c[0] == check.id}
        assert {True, False} <= expected, check.id
        names = {c[1] for c in CASES if c[0] == check.id}
        assert "at limit" in names, check.id


def test_registry_ids_unique_documented_and_cued() -> None:
    ids = [c.id for c in CHECKS]
    assert len(ids) == len(set(ids)) == 15
    for c in CHECKS:
        module = __import__(f"hingecoach.checks.{c.id}", fromlist=["CHECK"])
        assert module.CHECK is c and module.__doc__ and c.id in module.__doc__
        assert c.cue and c.summary and c.views and c.limits.__doc__
        assert 0 < len(c.short_cue.split()) <= 6, c.id  # said between reps
        assert c.weight > 0, c.id
        assert c.groups <= set(GROUPS), (c.id, c.groups - set(GROUPS))


def test_every_check_module_is_registered() -> None:
    """A new check module that defines ``CHECK`` but is missing from the registry fails here."""
    import hingecoach.checks as package

    modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
    defining = {
        name
        for name in modules
        if hasattr(importlib.import_module(f"hingecoach.checks.{name}"), "CHECK")
    }
    assert defining == set(BY_ID)


def test_registry_plots_read_signals_the_result_carries() -> None:
    for c in CHECKS:
        if c.plot is not None:
            assert c.plot.series in Signals.__dataclass_fields__, c.id


def test_a_check_cannot_be_made_without_a_weight_or_with_a_wrong_plot_or_column() -> None:
    knee = BY_ID["knee_bend"]
    given = {f.name: getattr(knee, f.name) for f in fields(Check) if f.name != "weight"}
    with pytest.raises(TypeError, match="weight"):
        Check(**given)  # no silent default weight
    with pytest.raises(ValueError, match="weight"):
        replace(knee, weight=0)
    with pytest.raises(ValueError, match="short cue"):
        replace(knee, short_cue=" ")
    with pytest.raises(ValueError, match="max_degs"):
        replace(knee, plot=PlotLimit("knee_flexion_deg", "above", ("max_degs",), "knee"))
    with pytest.raises(ValueError, match="takes 2"):
        PlotLimit("neck_angle_deg", "between", ("max_up_deg",), "neutral")
    with pytest.raises(ValueError, match="knee_max"):
        TableColumn("knee° max", "knee_max")


def test_judge_refuses_another_checks_limits() -> None:
    ctx = ctx_for(make_signals())
    wrong = TorsoNeutralLimits(enabled=True, max_flexion_deg=15.0, max_extension_deg=15.0)
    with pytest.raises(TypeError, match="KneeBendLimits"):
        BY_ID["knee_bend"].judge(ctx, wrong)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_every_shipped_profile_sets_every_limit(exercise: str) -> None:
    profile = load_profile(exercise)
    assert set(profile.limits) == set(BY_ID)
