"""What the rendered lifter wears and where it stands: colours drawn from a seed.

Colours are chosen to keep skin, clothes and background apart (a pose model finds limbs by
their edges): shirts are saturated, shorts dark, the wall light and the floor mid-dark.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

RGB = tuple[int, int, int]

SKIN: tuple[RGB, ...] = ((232, 190, 160), (214, 164, 120), (176, 122, 82), (128, 84, 56))
HAIR: tuple[RGB, ...] = ((40, 28, 20), (92, 60, 34), (160, 120, 70), (25, 25, 25))
SHIRT: tuple[RGB, ...] = (
    (196, 44, 44),
    (40, 92, 182),
    (44, 140, 78),
    (226, 150, 40),
    (120, 60, 150),
    (30, 150, 160),
)
SHORTS: tuple[RGB, ...] = ((34, 34, 44), (58, 58, 70), (26, 44, 92), (70, 50, 40))
SHOES: tuple[RGB, ...] = ((236, 236, 236), (30, 30, 34), (200, 60, 50))
PLATES: tuple[RGB, ...] = ((30, 30, 36), (180, 40, 40), (40, 70, 170))
WALL: tuple[RGB, ...] = ((212, 210, 204), (196, 202, 208), (220, 214, 200))
FLOOR: tuple[RGB, ...] = ((96, 90, 84), (80, 84, 92), (120, 100, 80))
BAR: RGB = (176, 178, 184)
IRON: RGB = (44, 44, 48)
WOOD: RGB = (196, 156, 96)


@dataclass(frozen=True)
class Look:
    """Colours of one rendered set (RGB, 0-255)."""

    skin: RGB
    hair: RGB
    shirt: RGB
    shorts: RGB
    shoes: RGB
    plates: RGB
    wall: RGB
    floor: RGB

    @classmethod
    def from_seed(cls, seed: int) -> Look:
        """A look drawn from its own random stream, so the synth's draws are not disturbed."""
        rng = np.random.default_rng([seed, 17])

        def pick(options: tuple[RGB, ...]) -> RGB:
            return options[int(rng.integers(len(options)))]

        return cls(
            skin=pick(SKIN),
            hair=pick(HAIR),
            shirt=pick(SHIRT),
            shorts=pick(SHORTS),
            shoes=pick(SHOES),
            plates=pick(PLATES),
            wall=pick(WALL),
            floor=pick(FLOOR),
        )
