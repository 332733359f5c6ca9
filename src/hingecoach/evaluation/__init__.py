"""Accuracy of hingecoach, on seeded synthetic sets and on labelled real clips.

:mod:`.synthetic` grades the engine against the ground truth of generated sets; :mod:`.real`
grades it against hand labels of real clips.

The synthetic suite's names are re-exported here, so ``from hingecoach.evaluation import
run_suite`` keeps working. The real-clip evaluation is imported from
:mod:`hingecoach.evaluation.real` itself: it pulls in the video pipeline and a process pool,
which the synthetic suite does not need.
"""

from hingecoach.evaluation.synthetic import (
    ALSO_TRIPS,
    ANGLES,
    DROPPED_LOWERING_S,
    EXCLUDED,
    TARGET_MAE_DEG,
    TARGET_PR,
    TARGET_REP_EXACT,
    VIEWS,
    EvalReport,
    Score,
    ViewReport,
    evaluate_one,
    faults_for,
    render_report,
    run_suite,
    suite,
)

__all__ = [
    "ALSO_TRIPS",
    "ANGLES",
    "DROPPED_LOWERING_S",
    "EXCLUDED",
    "TARGET_MAE_DEG",
    "TARGET_PR",
    "TARGET_REP_EXACT",
    "VIEWS",
    "EvalReport",
    "Score",
    "ViewReport",
    "evaluate_one",
    "faults_for",
    "render_report",
    "run_suite",
    "suite",
]
