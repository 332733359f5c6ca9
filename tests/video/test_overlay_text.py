"""Text on the annotated video: a real Unicode font, wrapped, inside the frame, on a box."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from PIL import ImageFont

from hingecoach.video.overlay import FAULT_RGB, draw_overlay
from hingecoach.video.text import (
    FONT_FRAC_OF_HEIGHT,
    MIN_CHARS_PER_LINE,
    draw_text,
    font_path,
    font_px,
    render_block,
    wrap,
)

CUE = "Rep 3 — your knees slid forward before your hips moved back: push the hips back first"
NOTDEF = "\U0010fffd"  # a private-use code point no font draws: the font's "missing" glyph


def _glyph(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    return bytes(np.asarray(font.getmask(char)).tobytes())


def test_a_unicode_font_is_found_and_draws_dashes_and_degrees() -> None:
    path = font_path()
    assert path is not None and path.is_file()
    font = ImageFont.truetype(str(path), 24)
    missing = _glyph(font, NOTDEF)
    for char in ("—", "–", "°", "→", "’"):
        assert _glyph(font, char) != missing, f"{char!r} would draw as a box"
        assert _glyph(font, char) != _glyph(font, "?")


def test_cue_with_dash_and_degree_renders_as_written() -> None:
    block = render_block("knee 53° — limit 25°", 24, 600, 400, (255, 255, 255), (0, 0, 0))
    assert block.lines == ("knee 53° — limit 25°",)  # not "?" nor "???"
    plain = render_block("knee 53? ? limit 25?", 24, 600, 400, (255, 255, 255), (0, 0, 0))
    assert not np.array_equal(block.glyphs, plain.glyphs)


@pytest.mark.parametrize("w,h", [(360, 640), (1920, 1080), (640, 360), (1080, 1920)])
def test_cue_banner_wraps_and_stays_inside_the_frame(w: int, h: int) -> None:
    img = np.zeros((h, w, 3), np.uint8)
    x0, y0, x1, y1 = draw_text(img, CUE, "bottom", box=FAULT_RGB)
    assert 0 <= x0 < x1 <= w and 0 <= y0 < y1 <= h
    assert y1 == h, "the banner sits on the bottom edge"
    size = font_px(h, w)
    assert size <= FONT_FRAC_OF_HEIGHT * h + 1  # sized from the frame, not fixed
    lines = wrap(CUE, size, w)
    assert " ".join(lines) == CUE, "wrapping keeps every word"
    font = ImageFont.truetype(str(font_path()), size)
    assert all(font.getlength(line) <= w for line in lines)
    if h > w:
        assert len(lines) > 1, "a long cue on a portrait frame wraps"
    assert not img[: y0 - 1].any(), "nothing drawn above the banner"
    assert img[y0:y1].any()


@pytest.mark.parametrize("w,h", [(360, 640), (1920, 1080)])
def test_labels_stay_inside_the_frame_and_do_not_overlap(w: int, h: int) -> None:
    img = np.zeros((h, w, 3), np.uint8)
    angles = {"torso": 41.0, "hip": 80.0, "knee": 25.0, "shin": float("nan")}
    out = draw_overlay(img, None, angles=angles, rep_count=12)
    assert out.any()
    boxes, top = [], None
    for name in angles:
        box = draw_text(np.zeros_like(img), f"{name} 41°", "top_left", top_px=top)
        top = box[3] + 2
        boxes.append(box)
    assert all(0 <= b[0] and b[2] <= w and 0 <= b[1] and b[3] <= h for b in boxes)
    assert all(a[3] <= b[1] for a, b in itertools.pairwise(boxes))
    right = draw_text(np.zeros_like(img), "reps 12", "top_right")
    assert right[2] <= w and right[0] > boxes[0][2], "counter right of the labels"


def test_word_longer_than_the_line_is_broken_not_cut() -> None:
    word = "x" * 200
    lines = wrap(word, 20, 150)
    assert "".join(lines) == word and len(lines) > 1


def test_text_too_long_for_the_frame_ends_with_an_ellipsis() -> None:
    img = np.zeros((200, 120, 3), np.uint8)
    _x0, y0, _x1, y1 = draw_text(img, CUE * 5, "bottom")
    assert y0 >= 0 and y1 - y0 <= 0.35 * 200 + 1
    size = font_px(200, 120)
    block = render_block(CUE * 5, size, 120, round(0.35 * 200), (255, 255, 255), (0, 0, 0), True)
    assert block.lines[-1].endswith("…")


def test_font_size_keeps_a_readable_line_on_portrait_frames() -> None:
    assert font_px(1920, 1080) <= 1080 / (0.55 * MIN_CHARS_PER_LINE) + 1
    assert font_px(1080, 1920) == round(FONT_FRAC_OF_HEIGHT * 1080)


def test_box_is_translucent() -> None:
    img = np.full((360, 640, 3), 200, np.uint8)
    x0, y0, _x1, _y1 = draw_text(img, "reps 3", "top_right", box=(0, 0, 0))
    corner = img[y0, x0]  # padding: box colour only, no glyph
    assert 0 < int(corner[0]) < 200, "the frame shows through the box"


def test_without_a_unicode_font_the_builtin_font_draws_ascii(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hingecoach.video.text as text

    for cached in (text._font, text.render_block):
        cached.cache_clear()
    monkeypatch.setattr(text, "font_path", lambda: None)
    try:
        block = text.render_block("back — flat 5°", 20, 400, 200, (255, 255, 255), (0, 0, 0))
        assert block.lines == ("back - flat 5 deg",)
        assert block.glyphs.max() == 255, "the built-in font still draws"
    finally:
        for cached in (text._font, text.render_block):
            cached.cache_clear()


def test_glyphs_and_box_blend_to_the_right_colours() -> None:
    from hingecoach.video.text import BOX_ALPHA, blend

    block = render_block("HI", 40, 400, 400, (255, 255, 0), (0, 0, 255))
    for w in (640, 30):  # whole, and cut by a frame narrower than the box
        img = np.full((120, w, 3), 100, np.uint8)
        x0, y0, x1, y1 = blend(img, block, 5, 5)
        assert (x1 - x0, y1 - y0) == (min(block.size[0], w), block.size[1])
        glyphs = block.glyphs[: y1 - y0, : x1 - x0]
        region = img[y0:y1, x0:x1].astype(int)
        box = np.round(100 * (1 - BOX_ALPHA) + np.array([0, 0, 255]) * BOX_ALPHA)
        assert np.abs(region[glyphs == 0] - box).max() <= 1, "box only where there is no ink"
        if (glyphs == 255).any():
            assert (region[glyphs == 255] == [255, 255, 0]).all(), "solid ink is the text colour"
        assert not img[y1:].any() or (img[y1:] == 100).all(), "nothing drawn below the box"
