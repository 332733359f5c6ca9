"""What ``batch`` was given → the videos to analyse, each keyed by its bytes and the settings.

Files, folders (searched recursively for video files) and glob patterns (for when the shell did
not expand them, e.g. quoted ``'clips/**/*.mp4'``). A name that does not exist or a pattern that
matches nothing is kept as an :class:`Item` with its one-line reason, so the summary names it
and the other videos are still analysed. A file named outright is tried whatever its suffix
(the decoder says what is wrong with a non-video); inside folders only video suffixes count.

The key of a video is the sha256 over its bytes' sha256, the analysis settings, the athlete it
is saved for and the hingecoach version: a re-run finds what is already done by it (see
:mod:`hingecoach.batch.run`), and two copies of one file under different names are analysed once.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

#: Suffixes picked up inside folders (lower case).
VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".avi", ".mkv"})
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True)
class Settings:
    """The analysis settings every video of a batch shares (part of each video's key).

    Attributes:
        exercise: the profile to judge against; None recognises it from the motion.
        profile_toml: text of a TOML overriding the profile's limits (``--profile``), shipped
            to the workers as text because a cluster node may not see the caller's files.
        athlete: the athlete to save every set to; None: see ``athlete_from_folder``.
        athlete_from_folder: save each set to the athlete named by its video's folder.
    """

    exercise: str | None = None
    profile_toml: str | None = None
    athlete: str | None = None
    athlete_from_folder: bool = False

    def athlete_for(self, video: Path) -> str | None:
        """The athlete a video's set is saved to, or None (outputs only, nothing saved)."""
        if self.athlete_from_folder:
            return Path(os.path.abspath(video)).parent.name or None
        return self.athlete


@dataclass(frozen=True)
class Item:
    """One thing to analyse: a video, or a name that could not be one (``error`` says why)."""

    path: Path
    error: str | None = None


def expand_inputs(inputs: list[str]) -> list[Item]:
    """Files, folders and globs → items in a stable order, each path once.

    Args:
        inputs: what the user typed (after the shell's own expansion).

    Returns:
        Items in the order given; a folder's and a glob's videos sorted by path. A missing name
        or an empty pattern is an item with ``error`` set.
    """
    items: list[Item] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            items.append(Item(path))

    for text in inputs:
        path = Path(text).expanduser()
        if path.is_dir():
            for found in _videos_in(path):
                add(found)
        elif path.exists():
            add(path)
        elif _GLOB_CHARS & set(text):
            matches = sorted(Path(m) for m in glob.glob(str(path), recursive=True))
            files = [m for m in matches if m.is_file()]
            for m in matches:
                if m.is_dir():
                    files.extend(_videos_in(m))
            if not files:
                items.append(Item(path, f"no file matches {text}"))
            for found in files:
                add(found)
        else:
            items.append(Item(path, "no such file or folder"))
    return items


def _videos_in(folder: Path) -> list[Path]:
    """Video files under ``folder`` (recursive, hidden files skipped), sorted by path."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in VIDEO_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB blocks.

    Raises:
        OSError: the file cannot be read.
    """
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def video_key(sha256: str, settings: Settings, athlete: str | None) -> str:
    """The hex key one video's analysis is done under (see the module docstring)."""
    from hingecoach import __version__

    parts = {
        "video_sha256": sha256,
        "exercise": settings.exercise,
        "profile_toml": settings.profile_toml,
        "athlete": athlete,
        "hingecoach": __version__,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
