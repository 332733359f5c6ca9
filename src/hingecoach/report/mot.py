"""The set's joint angles as an OpenSim ``.mot`` motion file (Sports2D writes the same kind).

OpenSim's storage format: a name line, ``version=1``, ``nRows=``, ``nColumns=`` (the time column
included), ``inDegrees=yes``, ``endheader``, then a tab-separated table whose first column is
``time``. Columns are the result's per-frame angle series (every ``*_deg`` series, named as in the
per-frame CSV), so the file needs only the result. A frame where an angle was not measured (not
seen, or a measure the view cannot make, e.g. knee valgus from the side) is ``NaN``, which
OpenSim and Sports2D read as missing.
"""

from __future__ import annotations

import math
from pathlib import Path

from hingecoach.models import SetResult

#: The storage's name, written on its first line.
MOT_NAME = "hingecoach joint angles"


def angle_columns(result: SetResult) -> list[str]:
    """The series written: every angle (``*_deg``) in the result's own order."""
    return [k for k in result.series if k.endswith("_deg")]


def _value(v: float | None) -> str:
    return "NaN" if v is None or not math.isfinite(v) else f"{v:.4f}"


def mot_lines(result: SetResult) -> list[str]:
    """The ``.mot`` file's lines (without newlines).

    Raises:
        ValueError: the result has no ``t_s`` series, or series of different lengths.
    """
    times = result.series.get("t_s")
    if times is None:
        raise ValueError("the result has no per-frame times (t_s); cannot write a .mot")
    cols = angle_columns(result)
    series = [result.series[c] for c in cols]
    bad = [c for c, s in zip(cols, series, strict=True) if len(s) != len(times)]
    if bad:
        raise ValueError(f"series {', '.join(bad)} differ in length from t_s; cannot write")
    lines = [
        MOT_NAME,
        "version=1",
        f"nRows={len(times)}",
        f"nColumns={len(cols) + 1}",
        "inDegrees=yes",
        "endheader",
        "\t".join(["time", *cols]),
    ]
    for i, t in enumerate(times):
        lines.append("\t".join([_value(t), *(_value(s[i]) for s in series)]))
    return lines


def write_mot(result: SetResult, path: str | Path) -> Path:
    """Write the result's joint angles as an OpenSim ``.mot`` file (see the module docstring)."""
    out = Path(path)
    out.write_text("\n".join(mot_lines(result)) + "\n", encoding="utf-8")
    return out
