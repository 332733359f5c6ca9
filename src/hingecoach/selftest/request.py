"""A self-test asked for by name and settings, and running it on a prepared set.

The web app stores a job's request as this model's JSON (``web_job.selftest``) and its worker
runs it on the set the engine has analysed; the limits of each setting are the CLI's. Light to
import (pydantic only): the web server validates its form with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from hingecoach.selftest.models import DowelResult, PracticeResult, WallResult

if TYPE_CHECKING:
    from hingecoach.selftest.run import Prepared

#: The engine profile the self-tests' reps are segmented and limited with: the unweighted drill.
PROFILE = "hinge_drill"
#: The self-tests by mode, as the CLI names its commands.
Mode = Literal["dowel", "wall", "practice"]
#: Each self-test's title, for pages and forms.
TITLES: dict[str, str] = {
    "dowel": "Dowel test",
    "wall": "Wall test",
    "practice": "Unweighted practice",
}
#: The user's height, metres: the range the CLI's ``--height`` accepts.
HEIGHT_RANGE_M = (1.0, 2.3)
#: The wall's distance behind the glutes, centimetres: the CLI's ``--wall-cm`` range.
WALL_RANGE_CM = (2.0, 40.0)
#: Practice hinges asked for: the CLI's ``--reps`` range.
REPS_RANGE = (3, 30)


class SelfTestRequest(BaseModel):
    """Which self-test to run, and its settings (``wall_cm`` for the wall, ``reps`` practice)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    mode: Mode
    height_m: float = Field(ge=HEIGHT_RANGE_M[0], le=HEIGHT_RANGE_M[1], allow_inf_nan=False)
    wall_cm: float = Field(
        default=10.0, ge=WALL_RANGE_CM[0], le=WALL_RANGE_CM[1], allow_inf_nan=False
    )
    reps: int = Field(default=8, ge=REPS_RANGE[0], le=REPS_RANGE[1])


def run_request(
    request: SelfTestRequest, prepared: Prepared
) -> DowelResult | WallResult | PracticeResult:
    """The requested self-test's result on ``prepared`` (the dowel searched for in its video)."""
    from hingecoach.selftest.run import run_dowel, run_practice, run_wall  # OpenCV when run

    if request.mode == "wall":
        return run_wall(prepared, height_m=request.height_m, wall_cm=request.wall_cm)
    if request.mode == "practice":
        return run_practice(prepared, height_m=request.height_m, reps_asked=request.reps)
    return run_dowel(prepared, height_m=request.height_m)
