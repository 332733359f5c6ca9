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


def test_every_check_has_short_words_and_words_mirrors_them() -> None:
    assert all(0 < len(c.short_cue.split()) <= 6 for c in BY_ID.values())
    assert WORDS == {cid: c.short_cue for cid, c in BY_ID.items()}


def test_the_article_cues_are_the_words() -> None:
    assert BY_ID["hips_back_first"].short_cue == "hips back first"
    assert BY_ID["shin_vertical"].short_cue == "keep the shins vertical"
    assert BY_ID["head_neutral"].short_cue == "chin tucked, neutral neck"


def test_top_fault_is_the_heaviest_weight_then_registry_order() -> None:
    assert (
        top_fault(rep(1, "lowering_control", "hips_back_first", "knee_bend")) == "hips_back_first"
    )
    # A tie of weights goes to the coach's order.
    assert BY_ID["shin_vertical"].weight == BY_ID["knee_bend"].weight
    assert top_fault(rep(1, "shin_vertical", "knee_bend")) == "knee_bend"
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
