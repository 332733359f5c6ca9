"""Cue choice: one per rep, the weightiest fault in a coach's words, a cool-down, "good"."""

from __future__ import annotations

from hingecoach.checks.registry import BY_ID
from hingecoach.live.cues import GOOD, WORDS, CueCoach, top_fault
from hingecoach.models import Finding, RepResult


def rep(index: int, *checks: str, counted: bool = True) -> RepResult:
    findings = [
        Finding(check=c, rep=index, severity="fault", value=1.0, limit=0.5, cue=BY_ID[c].cue)
        for c in checks
    ]
    return RepResult(
        index=index,
        counted=counted,
        start_frame=0,
        bottom_frame=1,
        end_frame=2,
        start_s=0.0,
        bottom_s=0.1,
        end_s=0.2,
        lower_s=0.1,
        bottom_hold_s=0.0,
        rise_s=0.1,
        knee_flexion_max_deg=None,
        shin_angle_max_deg=None,
        torso_angle_min_deg=None,
        hip_flexion_max_deg=None,
        findings=findings,
    )


def test_every_check_has_short_words() -> None:
    assert set(WORDS) == set(BY_ID)
    assert all(0 < len(w.split()) <= 6 for w in WORDS.values())


def test_the_article_cues_are_the_words() -> None:
    assert WORDS["hips_back_first"] == "hips back first"
    assert WORDS["shin_vertical"] == "keep the shins vertical"
    assert WORDS["head_neutral"] == "chin tucked, neutral neck"


def test_top_fault_is_the_heaviest_weight_then_registry_order() -> None:
    assert (
        top_fault(rep(1, "lowering_control", "hips_back_first", "knee_bend")) == "hips_back_first"
    )
    assert top_fault(rep(1, "shin_vertical", "knee_bend")) == "knee_bend"  # tie: coach's order
    assert top_fault(rep(1)) is None


def test_clean_rep_is_good_and_partial_rep_is_silent() -> None:
    coach = CueCoach()
    assert coach.cue(rep(1), 1.0).text == GOOD
    assert coach.cue(rep(2, "knee_bend", counted=False), 2.0).text == ""


def test_same_fault_is_not_repeated_inside_the_cooldown_but_another_is_said() -> None:
    coach = CueCoach(cooldown_s=8.0)
    said = [
        coach.cue(rep(1, "knee_bend"), 3.0),
        coach.cue(rep(2, "knee_bend"), 6.0),
        coach.cue(rep(3, "knee_bend", "hips_back_first"), 9.0),
        coach.cue(rep(4, "knee_bend"), 11.5),
    ]
    assert [c.text for c in said] == [
        "soft knees, push the hips back",
        "",
        "hips back first",
        "soft knees, push the hips back",
    ]
    assert said[1].fault == "knee_bend"  # still shown in the window, just not spoken
