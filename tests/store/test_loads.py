"""Load parsing: units are required, pounds become kilograms, typos are refused."""

from __future__ import annotations

import pytest

from hingecoach.errors import InputError
from hingecoach.store.loads import KG_PER_LB, format_kg, parse_load


@pytest.mark.parametrize(
    ("text", "kg", "normalised"),
    [
        ("100kg", 100.0, "100kg"),
        ("102.5 kg", 102.5, "102.5kg"),
        ("102,5kg", 102.5, "102.5kg"),
        ("60 KG", 60.0, "60kg"),
        ("225lb", 225 * KG_PER_LB, "225lb"),
        ("225 lbs", 225 * KG_PER_LB, "225lb"),
        ("bodyweight", None, "bodyweight"),
        ("BW", None, "bodyweight"),
        (None, None, None),
        ("  ", None, None),
    ],
)
def test_parses(text: str | None, kg: float | None, normalised: str | None) -> None:
    got_kg, got_text = parse_load(text)
    assert got_kg == pytest.approx(kg) if kg is not None else got_kg is None
    assert got_text == normalised


def test_225lb_is_102kg() -> None:
    assert parse_load("225lb")[0] == pytest.approx(102.058, abs=1e-3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("100", "has no unit"),
        ("heavy", "cannot read the load"),
        ("100 stone", "cannot read the load"),
        ("0kg", "not plausible"),
        ("2000lb", "not plausible"),
    ],
)
def test_refuses(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_load(text)


def test_format() -> None:
    assert format_kg(100.0) == "100 kg"
    assert format_kg(225 * KG_PER_LB, "225lb") == "102.1 kg (225lb)"
    assert format_kg(None, "bodyweight") == "bodyweight"
    assert format_kg(None) == "—"
