"""Per-frame signals of a set as CSV, for spreadsheets and for plotting elsewhere.

The per-rep metrics CSV is :func:`hingecoach.report.tables.write_reps_csv`; this is its
frame-by-frame companion, written from ``SetResult`` so it needs only the result (no track or
video). Each row is one frame: ``frame`` (0-based, the video's frame in the track), ``t_s``, the
rep it belongs to (``rep``, empty between reps) and that rep's ``phase`` (``lowering``,
``bottom``, ``rising``), then every series. A value not measured — the body not seen, or a
measure the view cannot make (knee valgus from the side) — is an empty cell, which pandas, R
and spreadsheets read as missing (NaN); never a zero.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from hingecoach.models import RepResult, SetResult

#: Columns written before the series.
FRAME_COLUMNS = ("frame", "t_s", "rep", "phase")


def signal_columns(result: SetResult) -> list[str]:
    """``frame, t_s, rep, phase`` first, then every series in the result's own order."""
    return [*FRAME_COLUMNS, *(k for k in result.series if k != "t_s")]


def rep_phases(result: SetResult, t_s: np.ndarray) -> tuple[list[int | None], list[str]]:
    """Each frame's rep (1-based, None between reps) and phase (empty between reps).

    A rep's frames run from its start to its lockout: lowering until it reaches the bottom
    (``start_s + lower_s``), the bottom until the rise starts (``end_s - rise_s``), then
    rising. A rep whose lowering was not filmed turns at its bottom frame.
    """
    n = len(t_s)
    reps: list[int | None] = [None] * n
    phases = [""] * n
    for r in result.reps:
        for i in range(max(r.start_frame, 0), min(r.end_frame, n - 1) + 1):
            reps[i] = r.index
            phases[i] = _phase(r, float(t_s[i]), i)
    return reps, phases


def _phase(r: RepResult, t: float, i: int) -> str:
    reached = r.start_s + r.lower_s if r.lower_s is not None else r.bottom_s
    leaves = r.end_s - r.rise_s if r.rise_s is not None else r.bottom_s
    if t < reached - 1e-6 or (r.lower_s is None and i < r.bottom_frame):
        return "lowering"
    if t <= leaves + 1e-6:
        return "bottom"
    return "rising"


def write_signals_csv(result: SetResult, path: str | Path) -> Path:
    """One row per frame: frame, time, rep, phase and each signal, empty where not measured.

    Raises:
        ValueError: the result's series have different lengths (a corrupted result file).
    """
    out = Path(path)
    names = [k for k in result.series if k != "t_s"]
    t_s = result.series.get("t_s", [])
    series = [result.series[c] for c in names]
    lengths = {len(t_s), *(len(s) for s in series)}
    if len(lengths) > 1:
        sizes = ", ".join(f"{c}={len(result.series[c])}" for c in ["t_s", *names])
        raise ValueError(f"series lengths differ ({sizes}); cannot write one row per frame")
    times = np.array([np.nan if v is None else v for v in t_s], dtype=float)
    reps, phases = rep_phases(result, times)
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(signal_columns(result))
        for i, t in enumerate(t_s):
            values = ["" if s[i] is None else s[i] for s in series]
            rep = "" if reps[i] is None else reps[i]
            w.writerow([i, "" if t is None else t, rep, phases[i], *values])
    return out
