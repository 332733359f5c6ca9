"""Text on video frames with a real font: any Unicode, wrapped to the frame, sized for a phone.

OpenCV's Hershey fonts draw ASCII only (a cue's dash came out as "???"), so text is rendered
with Pillow's FreeType binding in DejaVu Sans, which covers dashes, degrees, arrows and accents.
The font is looked for where ``scripts/system_deps.sh`` installs it (Debian's fonts-dejavu-core),
then in Matplotlib's bundled copy (a dependency of MediaPipe, so present on every install); when
neither exists, Pillow's built-in scalable font is used and the characters it lacks are spelled
in ASCII (:func:`ascii_text`) rather than drawn as boxes.

Text is sized from the frame's height (:data:`FONT_FRAC_OF_HEIGHT`, so a phone clip shown on a
phone reads at about 14-20 CSS pixels), capped by the width so a portrait frame still fits
:data:`MIN_CHARS_PER_LINE` characters a line, wrapped at word boundaries to the frame's width, and
set on a translucent box clamped inside the frame. Rendering a line is the slow part (a fraction
of a millisecond), so rendered blocks are cached: a frame only pays for blending a small bitmap,
and only text that changed (an angle's new value) is rendered again.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

RGB = tuple[int, int, int]
Anchor = Literal["top_left", "top_right", "bottom"]

#: Font files tried in order (bold reads best over video).
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
#: Text line height (font size) as a share of the frame height.
FONT_FRAC_OF_HEIGHT = 0.03
#: A line holds at least this many average characters, whatever the frame's aspect.
MIN_CHARS_PER_LINE = 28
#: Smallest font size, pixels (below this nothing is readable anyway).
MIN_FONT_PX = 10
#: Text box opacity (0 transparent, 1 opaque) and its padding, in font sizes.
BOX_ALPHA = 0.55
PAD_EM = 0.3
#: A block of text may cover at most this share of the frame's height; longer text is cut with
#: an ellipsis (a cue is a sentence or two; anything longer belongs in the report).
MAX_HEIGHT_FRAC = 0.35

_ASCII = str.maketrans(
    {
        "\N{EM DASH}": "-",
        "\N{EN DASH}": "-",
        "\N{RIGHT SINGLE QUOTATION MARK}": "'",
        "\N{LEFT SINGLE QUOTATION MARK}": "'",
        "\N{LEFT DOUBLE QUOTATION MARK}": '"',
        "\N{RIGHT DOUBLE QUOTATION MARK}": '"',
        "\N{RIGHTWARDS ARROW}": "->",
    }
)
_ASCII_WORDS = {
    "\N{DEGREE SIGN}": " deg",
    "\N{MULTIPLICATION SIGN}": "x",
    "\N{HORIZONTAL ELLIPSIS}": "...",
}


def ascii_text(text: str) -> str:
    """``text`` in ASCII: dashes, quotes and arrows spelled out, other characters dropped.

    Only used when no Unicode font is found (see the module docstring).
    """
    text = text.translate(_ASCII)
    for char, word in _ASCII_WORDS.items():
        text = text.replace(char, word)
    return text.encode("ascii", "ignore").decode("ascii")


def _matplotlib_font() -> Path | None:
    """Matplotlib's bundled DejaVu Sans Bold, found without importing Matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def font_path() -> Path | None:
    """The Unicode font file used, or None when only Pillow's built-in font is available."""
    for path in SYSTEM_FONTS:
        if path.is_file():
            return path
    return _matplotlib_font()


@lru_cache(maxsize=32)
def _font(size_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path()
    if path is not None:
        return ImageFont.truetype(str(path), size_px)
    return ImageFont.load_default(size=size_px)


def drawable(text: str) -> str:
    """``text`` as the font can draw it: unchanged with DejaVu, spelled in ASCII otherwise."""
    return text if font_path() is not None else ascii_text(text)


def font_px(height: int, width: int) -> int:
    """Font size for a ``width`` × ``height`` frame, pixels (see the module docstring)."""
    by_height = FONT_FRAC_OF_HEIGHT * height
    by_width = width / (0.55 * MIN_CHARS_PER_LINE)  # DejaVu's average advance ≈ 0.55 em
    return max(MIN_FONT_PX, round(min(by_height, by_width)))


def wrap(text: str, size_px: int, max_width_px: int) -> list[str]:
    """``text`` broken into lines no wider than ``max_width_px`` at font size ``size_px``.

    Lines break at spaces; a word wider than the whole line is broken between characters.
    Explicit newlines are kept.
    """
    font = _font(size_px)
    lines: list[str] = []
    for para in drawable(text).split("\n"):
        line = ""
        for word in para.split():
            candidate = f"{line} {word}" if line else word
            if font.getlength(candidate) <= max_width_px:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            for char in word:  # a word that alone is too wide: break it anywhere
                if line and font.getlength(line + char) > max_width_px:
                    lines.append(line)
                    line = ""
                line += char
        lines.append(line)
    return lines


@dataclass(frozen=True)
class Block:
    """A rendered text box, ready to blend onto frames.

    The box is one colour at :data:`BOX_ALPHA`, so it blends with one weighted sum; the glyphs
    (a small share of the box) are then blended pixel by pixel from their coverage.

    Attributes:
        box: the box colour.
        glyphs: ``(h, w)`` uint8, the text's coverage (0 none, 255 solid).
        fg: the text colour.
        lines: the text as wrapped.
    """

    box: RGB
    glyphs: np.ndarray
    fg: RGB
    lines: tuple[str, ...]

    @property
    def size(self) -> tuple[int, int]:
        """``(width, height)`` in pixels."""
        return int(self.glyphs.shape[1]), int(self.glyphs.shape[0])

    @cached_property
    def _ink(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The inked pixels' byte offsets (3 per pixel), ``255 - coverage``, ``fg × coverage``.

        Offsets index the block's bytes flattened row by row, which is much faster to gather
        and scatter than rows and columns.
        """
        flat = np.flatnonzero(self.glyphs)
        a = self.glyphs.reshape(-1)[flat].astype(np.uint16)
        offsets = (flat[:, None] * 3 + np.arange(3)).reshape(-1)
        ink = (np.asarray(self.fg, dtype=np.uint16)[None, :] * a[:, None]).reshape(-1)
        return offsets, np.repeat(255 - a, 3), ink


@lru_cache(maxsize=256)
def render_block(
    text: str,
    size_px: int,
    max_width_px: int,
    max_height_px: int,
    fg: RGB,
    box: RGB,
    full_width: bool = False,
) -> Block:
    """Render ``text`` wrapped to ``max_width_px`` (box included) on a translucent box.

    Args:
        text: the text; may hold any character the font covers.
        size_px: font size, pixels.
        max_width_px: widest the box may be, pixels.
        max_height_px: tallest the box may be; lines beyond it are cut with an ellipsis.
        fg: text colour, RGB.
        box: box colour, RGB (drawn at :data:`BOX_ALPHA`).
        full_width: the box spans ``max_width_px`` whatever the text's width (a banner).

    Returns:
        The block; cached, so the same text at the same size is rendered once.
    """
    pad = max(2, round(PAD_EM * size_px))
    font = _font(size_px)
    lines = wrap(text, size_px, max(1, max_width_px - 2 * pad))
    line_h = round(1.2 * size_px)
    max_lines = max(1, (max_height_px - 2 * pad) // line_h)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _ellipsis(lines[max_lines - 1], font, max_width_px)]
    text_w = max((font.getlength(s) for s in lines), default=0.0)
    w = max_width_px if full_width else min(max_width_px, int(np.ceil(text_w)) + 2 * pad)
    h = len(lines) * line_h + 2 * pad
    mask = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(mask)
    for k, line in enumerate(lines):
        draw.text((pad, pad + k * line_h), line, font=font, fill=255)
    return Block(box=box, glyphs=np.asarray(mask, np.uint8), fg=fg, lines=tuple(lines))


@lru_cache(maxsize=8)
def _box_image(h: int, w: int, colour: RGB) -> np.ndarray:
    """A ``(h, w, 3)`` image of one colour (a handful of box sizes recur over a video)."""
    img = np.empty((h, w, 3), np.uint8)
    img[:] = colour
    return img


def _ellipsis(line: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int) -> str:
    mark = drawable("\N{HORIZONTAL ELLIPSIS}")
    while line and font.getlength(line + mark) > width:
        line = line[:-1]
    return line.rstrip() + mark


def blend(img: np.ndarray, block: Block, x: int, y: int) -> tuple[int, int, int, int]:
    """Blend ``block`` onto ``img`` (``(H, W, 3)`` uint8, in place) with its top-left at x, y.

    The block is moved inside the frame (and cut if larger than it), so nothing is lost off an
    edge. Returns the box drawn as ``(x0, y0, x1, y1)`` pixels, ends exclusive.
    """
    h_img, w_img = img.shape[:2]
    bw, bh = block.size
    bw, bh = min(bw, w_img), min(bh, h_img)
    x = int(np.clip(x, 0, w_img - bw))
    y = int(np.clip(y, 0, h_img - bh))
    region = img[y : y + bh, x : x + bw]
    box = _box_image(bh, bw, block.box)
    region[:] = cv2.addWeighted(region, 1.0 - BOX_ALPHA, box, BOX_ALPHA, 0.0)
    whole = (bw, bh) == block.size and region.flags.c_contiguous
    buf = region if whole else np.zeros((block.size[1], block.size[0], 3), np.uint8)
    if not whole:  # cut by the frame, or a box narrower than the frame: blend a copy
        buf[:bh, :bw] = region
    offsets, keep, ink = block._ink
    flat = buf.reshape(-1)
    px = flat[offsets].astype(np.uint16)
    flat[offsets] = ((px * keep + ink + 127) // 255).astype(np.uint8)
    if not whole:
        region[:] = buf[:bh, :bw]
    return x, y, x + bw, y + bh


def draw_text(
    img: np.ndarray,
    text: str,
    anchor: Anchor,
    *,
    fg: RGB = (255, 255, 255),
    box: RGB = (0, 0, 0),
    top_px: int | None = None,
) -> tuple[int, int, int, int]:
    """Draw ``text`` in a box at a corner of ``img`` (in place), sized and wrapped for the frame.

    Args:
        img: ``(H, W, 3)`` uint8 frame.
        text: the text.
        anchor: ``top_left`` / ``top_right`` (a label, as narrow as its text) or ``bottom`` (a
            banner across the frame's width).
        fg: text colour.
        box: box colour (translucent).
        top_px: for top anchors, the box's top edge (None: the frame's margin); pass the
            previous box's bottom to stack labels.

    Returns:
        The box drawn, ``(x0, y0, x1, y1)`` pixels, ends exclusive.
    """
    h, w = img.shape[:2]
    size = font_px(h, w)
    margin = max(2, round(0.4 * size))
    max_w = max(1, w - 2 * margin)
    max_h = max(1, round(MAX_HEIGHT_FRAC * h))
    if anchor == "bottom":
        block = render_block(text, size, w, max_h, fg, box, True)
        return blend(img, block, 0, h - block.size[1])
    block = render_block(text, size, max_w, max_h, fg, box)
    x = margin if anchor == "top_left" else w - margin - block.size[0]
    return blend(img, block, x, margin if top_px is None else top_px)
