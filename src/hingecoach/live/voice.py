"""Speak cues with an offline text-to-speech engine (espeak-ng), never blocking the loop.

espeak-ng runs as a child process per cue: the loop returns at once and the next frame is not
late. A newer cue cuts an unfinished older one short (the latest rep is what matters). Without
espeak-ng installed the voice says once that it is silent and does nothing — cues are still
shown in the window and printed. Nothing touches the network.
"""

from __future__ import annotations

import shutil
import subprocess
import warnings
from collections.abc import Sequence

#: Words per minute: a little faster than espeak-ng's 175 default sounds less robotic for cues.
WPM = 185
NOT_FOUND = "espeak-ng not found: cues are shown but not spoken (apt-get install espeak-ng)"


class Voice:
    """Say short phrases in the background."""

    def __init__(self, *, command: Sequence[str] | None = None) -> None:
        """Find the speech command; without it, phrases are only recorded in ``spoken``.

        Args:
            command: argv before the text; ``espeak-ng -s 185`` (words per minute) when None.
        """
        self.command = list(command) if command is not None else ["espeak-ng", "-s", str(WPM)]
        self.available = shutil.which(self.command[0]) is not None
        self.spoken: list[str] = []
        self._proc: subprocess.Popen[bytes] | None = None
        if not self.available:
            warnings.warn(NOT_FOUND, RuntimeWarning, stacklevel=2)

    def say(self, text: str) -> None:
        """Start speaking ``text`` (returns immediately); "" says nothing."""
        if not text or not self.available:
            return
        self._cut()
        self._proc = subprocess.Popen(
            [*self.command, text],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.spoken.append(text)

    def wait(self, timeout_s: float = 5.0) -> None:
        """Let the current phrase finish (at the end of the set)."""
        if self._proc is not None:
            try:
                self._proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self._cut()

    def close(self) -> None:
        """Stop speaking."""
        self._cut()

    def _cut(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(1.0)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None
