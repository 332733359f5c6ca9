"""Per-frame signals of a set as CSV, for spreadsheets and for plotting elsewhere.

The per-rep metrics CSV is :func:`hingecoach.report.tables.write_reps_csv`; this is its
frame-by-frame companion, written from ``SetResult.series`` so it needs only the result (no track
or video). A frame where the body was not seen is an empty cell, never a zero.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hingecoach.models import SetResult


def signal_columns(result: SetResult) -> list[str]:
    """``t_s`` first, then every series in the result's own order."""
    return ["t_s", *(k for k in result.series if k != "t_s")]


def write_signals_csv(result: SetResult, path: str | Path) -> Path:
    """One row per frame: ``t_s`` and each signal (degrees), empty where not measured.

    Raises:
        ValueError: the result's series have different lengths (a corrupted result file).
    """
    out = Path(path)
    cols = signal_columns(result)
    series = [result.series.get(c, []) for c in cols]
    lengths = {len(s) for s in series}
    if len(lengths) > 1:
        sizes = ", ".join(f"{c}={len(s)}" for c, s in zip(cols, series, strict=True))
        raise ValueError(f"series lengths differ ({sizes}); cannot write one row per frame")
    with out.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for row in zip(*series, strict=True):
            w.writerow(["" if v is None else v for v in row])
    return out
