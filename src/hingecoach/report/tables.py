"""JSON and CSV exports of a SetResult (the JSON schema is the pydantic model)."""

from __future__ import annotations

import csv
from pathlib import Path

from hingecoach.models import SetResult

REP_COLUMNS = (
    "index",
    "counted",
    "start_s",
    "bottom_s",
    "end_s",
    "lower_s",
    "bottom_hold_s",
    "rise_s",
    "knee_flexion_max_deg",
    "shin_angle_max_deg",
    "torso_angle_min_deg",
    "hip_flexion_max_deg",
    "neck_angle_range_deg",
    "pause_s",
    "pause_height",
)


def write_json(result: SetResult, path: Path) -> None:
    """The full result as JSON."""
    path.write_text(result.model_dump_json(indent=2), encoding="utf-8")


def write_reps_csv(result: SetResult, path: Path) -> None:
    """One row per rep: metrics and the ids of its faults."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow([*REP_COLUMNS, "faults"])
        for r in result.reps:
            row = r.model_dump()
            w.writerow([row[c] for c in REP_COLUMNS] + [" ".join(f.check for f in r.faults)])
