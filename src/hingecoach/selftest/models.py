"""The self-tests' results: frozen pydantic models, so the JSON schema is the model.

Every result carries ``mode`` as its discriminator (``dowel``, ``wall``, ``practice``), so a
further mode joins :data:`SelfTestResult` as a new member of the union without touching these.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

#: The three places a dowel laid on a neutral back touches.
ContactPoint = Literal["head", "upper_back", "sacrum"]
#: Where the dowel line came from: the stick found in the frames, or the straight line laid on
#: the traced back outline (the virtual dowel), or neither.
DowelSource = Literal["detected", "virtual", "none"]
#: A wall-test rep's verdict: hips reached the wall first (``good``), or what went first.
WallVerdict = Literal["good", "knees_forward", "torso_broke", "no_contact", "cannot_judge"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ContactLoss(_Frozen):
    """One stretch of frames where a contact point left the dowel."""

    point: ContactPoint
    rep: int | None = Field(description="1-based rep it happened in; null between reps")
    start_s: float = Field(description="when the gap first passed the limit")
    end_s: float = Field(description="last frame of the stretch")
    frame: int = Field(description="first frame of the stretch")
    max_gap_cm: float = Field(description="largest gap in the stretch")


class DowelRep(_Frozen):
    """One rep of the dowel test: the largest gap at each contact point while hinged."""

    index: int = Field(description="1-based")
    start_s: float
    end_s: float
    max_gap_cm: dict[ContactPoint, float | None] = Field(
        description="largest gap per contact point while hinged; null when never measured"
    )
    lost: list[ContactPoint] = Field(default_factory=list, description="contacts lost")


class DowelResult(_Frozen):
    """The dowel test: was the stick kept on head, upper back and sacrum through the hinge?"""

    mode: Literal["dowel"] = "dowel"
    source: str = ""
    dowel: DowelSource = Field(description="which dowel line the gaps were measured to")
    detected_share: float = Field(
        ge=0.0, le=1.0, description="share of the judged frames where the stick itself was found"
    )
    note: str = Field(default="", description="what was used and why, in one sentence")
    height_m: float
    cm_per_bl: float = Field(description="centimetres in one body length (0.779 × height)")
    gap_limit_cm: float = Field(description="a gap beyond this is a lost contact")
    frames_judged: int = Field(description="frames hinged far enough to judge")
    reps: list[DowelRep] = Field(default_factory=list)
    losses: list[ContactLoss] = Field(default_factory=list)
    passed: bool | None = Field(description="no contact lost; null when nothing was judged")
    warnings: list[str] = Field(default_factory=list)


class WallRep(_Frozen):
    """One rep of the wall test, measured at the wall contact (or at the rep's bottom)."""

    index: int = Field(description="1-based")
    verdict: WallVerdict
    contact: bool = Field(description="the hips reached the wall's distance")
    at_s: float = Field(description="the moment measured: wall contact, else the bottom")
    hip_travel_cm: float | None = Field(description="hips back from the rep's start")
    knee_travel_cm: float | None = Field(description="knees forward from the rep's start")
    torso_to_horizontal_deg: float | None = Field(description="torso angle to the horizontal")
    spine_bend_deg: float | None = Field(
        default=None, description="curve of the back outline (+ rounded); null when not traced"
    )
    knees_forward_s: float | None = Field(
        default=None, description="when the knees passed their limit, if they did"
    )
    torso_broke_s: float | None = Field(
        default=None, description="when the back's curve passed its limit, if it did"
    )
    detail: str = ""


class WallResult(_Frozen):
    """The wall test: do the hips reach a wall behind them before the knees or back give?"""

    mode: Literal["wall"] = "wall"
    source: str = ""
    height_m: float
    cm_per_bl: float = Field(description="centimetres in one body length (0.779 × height)")
    wall_cm: float = Field(description="distance from the glutes to the wall at the start")
    knee_limit_cm: float = Field(description="knee travel forward allowed before the contact")
    spine_limit_deg: float = Field(description="back rounding allowed before the contact")
    reps: list[WallRep] = Field(default_factory=list)
    passed: bool | None = Field(description="every rep good; null when no rep could be judged")
    warnings: list[str] = Field(default_factory=list)


class PracticeRep(_Frozen):
    """One practice hinge: the cue said after it and what it measured."""

    index: int = Field(description="1-based, as in the engine's reps")
    start_s: float
    end_s: float
    faults: list[str] = Field(default_factory=list, description="check ids of its faults")
    cue: str = Field(description="the one cue said after the rep")
    depth_deg: float | None = Field(description="lowest torso angle to the floor")
    knee_bend_deg: float | None = Field(description="most knee flexion in the rep")
    hip_travel_cm: float | None = Field(description="how far the hips went back")


class Spread(_Frozen):
    """How much one measure varied over the reps: standard deviation against its limit."""

    sd: float | None = Field(description="standard deviation over the counted reps; null: < 3")
    limit: float
    consistent: bool | None


class PracticeResult(_Frozen):
    """Unweighted practice: the cue sequence, a cue after each rep, and how grooved it was."""

    mode: Literal["practice"] = "practice"
    source: str = ""
    height_m: float
    cues_before: list[str] = Field(description="the article's cue sequence, said first")
    reps_asked: int | None = None
    reps: list[PracticeRep] = Field(default_factory=list)
    spread: dict[str, Spread] = Field(
        description="depth_deg, knee_bend_deg (degrees), hip_travel_cm (centimetres)"
    )
    consistent: bool | None = Field(description="every spread within its limit; null: too few")
    clean: bool = Field(description="no counted rep had a fault")
    warnings: list[str] = Field(default_factory=list)


#: Any self-test result, told apart by ``mode``.
SelfTestResult = Annotated[DowelResult | WallResult | PracticeResult, Field(discriminator="mode")]
