"""Parse the load a set was lifted with: ``100kg``, ``102.5 kg``, ``225lb``, ``bodyweight``.

A bare number is refused rather than guessed: 100 could be kilograms or pounds, and a wrong
guess would silently corrupt the form-limited load. Pounds are converted with the exact
international pound (0.45359237 kg) and stored in kilograms; the text as typed is kept too.
"""

from __future__ import annotations

import re

from hingecoach.errors import InputError

KG_PER_LB = 0.45359237
#: Heavier than any recorded deadlift (about 501 kg): a typo, not a load.
MAX_LOAD_KG = 600.0
BODYWEIGHT = "bodyweight"
_BODYWEIGHT_WORDS = {"bodyweight", "body weight", "bw", "none", "no load", "unloaded"}
_LOAD = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(kg|kgs|kilos?|lb|lbs|pounds?|#)\s*$", re.IGNORECASE)


def parse_load(text: str | None) -> tuple[float | None, str | None]:
    """Kilograms and the normalised text of a load; ``(None, None)`` when no load was given.

    Args:
        text: what the user typed, e.g. ``"100kg"``, ``"225 lb"``, ``"bodyweight"`` or None.

    Returns:
        ``(load_kg, load_text)``: ``(100.0, "100kg")``, ``(102.06, "225lb")``,
        ``(None, "bodyweight")``.

    Raises:
        InputError: unparsable, unitless, zero or implausibly heavy.
    """
    if text is None or not text.strip():
        return None, None
    if text.strip().lower() in _BODYWEIGHT_WORDS:
        return None, BODYWEIGHT
    m = _LOAD.match(text)
    if m is None:
        if re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*", text):
            raise InputError(f"load {text.strip()!r} has no unit: write e.g. 100kg or 225lb")
        raise InputError(
            f"cannot read the load {text.strip()!r}: write e.g. 100kg, 225lb or bodyweight"
        )
    number = float(m.group(1).replace(",", "."))
    unit = m.group(2).lower()
    is_kg = unit.startswith("k")
    kg = number if is_kg else number * KG_PER_LB
    if kg <= 0 or kg > MAX_LOAD_KG:
        raise InputError(f"load {text.strip()!r} is not plausible (0 < load ≤ {MAX_LOAD_KG:g} kg)")
    return kg, f"{m.group(1).replace(',', '.')}{'kg' if is_kg else 'lb'}"


def format_kg(load_kg: float | None, load_text: str | None = None) -> str:
    """A load for people: ``100 kg``, ``102.1 kg (225lb)``, ``bodyweight`` or ``—``."""
    if load_kg is None:
        return load_text or "—"
    kg = f"{load_kg:.1f}".removesuffix(".0") + " kg"
    if load_text and load_text.endswith("lb"):
        return f"{kg} ({load_text})"
    return kg
