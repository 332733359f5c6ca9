"""Per-exercise profiles: which checks apply and their limits, as validated TOML data.

Limits live in one place — ``checks/profiles/<exercise>.toml`` — never as literals in code. A user
can override any of them with their own TOML (same shape, only the keys they change). Profiles are
read once, at the edge (CLI, web, live), into a :class:`Profiles` object the engine takes; the
engine never opens a file.

Loading fails loudly, naming the file, the table and the key, on: an unknown top-level table or
check, an unknown or missing key, a value of the wrong type, and a limit outside its physical
range. Ranges follow the unit in the key's name:

- ``_deg``: 0–180 degrees (a joint or segment angle, or a change of one);
- ``_s``: above 0 and at most 10 seconds (the longest phase of one rep);
- ``_bl``: 0–1 body length (ankle→knee→hip→shoulder; nothing in one rep moves further);
- ``_shin``: 0–2 shin lengths above the ankle (the knee is 1, mid-thigh about 2);
- ``_share``: 0–1.

Every limit must be finite: ``nan`` would silently switch a check off, ``inf`` would never fire.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hingecoach.checks.base import Limits
from hingecoach.checks.registry import BY_ID
from hingecoach.errors import InputError
from hingecoach.reps.segment import SegmentParams

M = TypeVar("M", bound=BaseModel)

EXERCISES: tuple[str, ...] = (
    "hinge_drill",
    "rdl",
    "conventional_deadlift",
    "pause_deadlift",
    "good_morning",
    "kb_swing",
)
#: Top-level tables of an exercise profile.
_PROFILE_KEYS = frozenset({"title", "segmentation", "checks"})
#: Top-level tables of the recognition settings.
_RECOGNITION_KEYS = frozenset({"segmentation", "squat_segmentation"})
#: Allowed range of a limit by the unit suffix of its key: (low, high, low inclusive).
RANGES: dict[str, tuple[float, float, bool]] = {
    "_deg": (0.0, 180.0, True),
    "_s": (0.0, 10.0, False),
    "_bl": (0.0, 1.0, True),
    "_shin": (0.0, 2.0, True),
    "_share": (0.0, 1.0, True),
}


@dataclass(frozen=True)
class Profile:
    """One exercise's title, rep segmentation and check limits."""

    exercise: str
    title: str
    segmentation: SegmentParams
    limits: dict[str, Limits]

    def enabled(self) -> list[str]:
        """Ids of the checks this exercise uses."""
        return [cid for cid, lim in self.limits.items() if lim.enabled]


@dataclass(frozen=True)
class Profiles:
    """Every exercise's profile plus the exercise-neutral recognition settings, loaded once.

    Attributes:
        by_exercise: the profile of each exercise in :data:`EXERCISES`.
        recognition: segmentation on the torso lean before the exercise is known.
        squat_segmentation: segmentation on the hip drop (percent of standing hip height).
        source: where the limits came from, for messages ("shipped profiles" or the user file).
    """

    by_exercise: Mapping[str, Profile]
    recognition: SegmentParams
    squat_segmentation: SegmentParams
    source: str = "shipped profiles"

    def get(self, exercise: str) -> Profile:
        """The profile of ``exercise``.

        Raises:
            InputError: for an exercise hingecoach has no profile for.
        """
        try:
            return self.by_exercise[exercise]
        except KeyError:
            raise InputError(
                f"unknown exercise {exercise!r}: choose one of {', '.join(EXERCISES)}"
            ) from None


def _shipped(name: str) -> dict[str, Any]:
    path = resources.files("hingecoach.checks") / "profiles" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_profiles(override: Path | None = None) -> Profiles:
    """The shipped profiles, with a user's TOML merged over every exercise's.

    Args:
        override: a TOML file with the same tables as a profile, only the keys to change.

    Raises:
        InputError: when the override cannot be read or any resulting profile is invalid.
    """
    if override is None:
        return _shipped_profiles()
    try:
        user = tomllib.loads(override.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise InputError(f"{override}: cannot read profile override: {e}") from None
    _no_unknown(user, _PROFILE_KEYS, where=str(override))
    shipped = _shipped_profiles()
    return Profiles(
        by_exercise={
            ex: parse_profile(
                ex, _merge(_shipped(ex), user), where=f"{override} (over profile {ex})"
            )
            for ex in EXERCISES
        },
        recognition=shipped.recognition,
        squat_segmentation=shipped.squat_segmentation,
        source=str(override),
    )


@cache
def _shipped_profiles() -> Profiles:
    rec = _shipped("recognition")
    where = "profile recognition"
    _no_unknown(rec, _RECOGNITION_KEYS, where=where)
    return Profiles(
        by_exercise={
            ex: parse_profile(ex, _shipped(ex), where=f"profile {ex}") for ex in EXERCISES
        },
        recognition=_model(SegmentParams, rec.get("segmentation", {}), where, "segmentation"),
        squat_segmentation=_model(
            SegmentParams, rec.get("squat_segmentation", {}), where, "squat_segmentation"
        ),
    )


def load_profile(exercise: str, override: Path | None = None) -> Profile:
    """The profile of one exercise (shorthand for ``load_profiles(override).get(exercise)``)."""
    if exercise not in EXERCISES:
        raise InputError(f"unknown exercise {exercise!r}: choose one of {', '.join(EXERCISES)}")
    return load_profiles(override).get(exercise)


def parse_profile(exercise: str, data: dict[str, Any], *, where: str) -> Profile:
    """Validate one profile's tables; every check must be present with every limit.

    Raises:
        InputError: naming ``where``, the table and the key that is wrong.
    """
    _no_unknown(data, _PROFILE_KEYS, where=where)
    checks = data.get("checks", {})
    unknown = sorted(set(checks) - set(BY_ID))
    if unknown:
        raise InputError(f"{where}: unknown check(s) {', '.join(unknown)}")
    missing = sorted(set(BY_ID) - set(checks))
    if missing:
        raise InputError(f"{where}: no limits for check(s) {', '.join(missing)}")
    limits: dict[str, Limits] = {}
    for cid, table in checks.items():
        lim = _model(BY_ID[cid].limits, table, where, f"checks.{cid}")
        _in_range(lim, where, f"checks.{cid}")
        limits[cid] = lim
    params = _model(SegmentParams, data.get("segmentation", {}), where, "segmentation")
    return Profile(exercise, str(data.get("title", exercise)), params, limits)


def _no_unknown(data: dict[str, Any], allowed: frozenset[str], *, where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InputError(
            f"{where}: unknown table or key {unknown[0]!r} (expected {', '.join(sorted(allowed))})"
        )


def _model(cls: type[M], table: Any, where: str, name: str) -> M:
    if not isinstance(table, dict):
        raise InputError(f"{where}: {name} must be a table")
    try:
        return cls.model_validate(table)
    except ValidationError as e:
        first = e.errors()[0]
        key = ".".join(str(p) for p in first["loc"])
        at = f"{name}.{key}" if key else name
        raise InputError(f"{where}: {at}: {first['msg']}") from None


def _in_range(lim: Limits, where: str, name: str) -> None:
    for key, value in lim.model_dump().items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if not math.isfinite(value):
            raise InputError(f"{where}: {name}.{key}: must be a finite number, got {value}")
        for suffix, (lo, hi, lo_inclusive) in RANGES.items():
            if key.endswith(suffix):
                low_ok = value >= lo if lo_inclusive else value > lo
                if not (low_ok and value <= hi):
                    raise InputError(
                        f"{where}: {name}.{key}: {value} is outside {lo:g}–{hi:g}"
                        f" ({suffix.lstrip('_')})"
                    )
                break
        else:
            raise InputError(f"{where}: {name}.{key}: a limit needs a unit in its name")
