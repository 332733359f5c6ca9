"""The progress shown while a set is analysed: every stage named, the libraries' logs kept out.

MediaPipe, TensorFlow Lite and absl log from C++ straight to file descriptor 2 (``INFO: Created
TensorFlow Lite XNNPACK delegate``, ``W0000 ... inference_feedback_manager.cc``), where they
tear through the progress bar. Their environment variables (:data:`QUIET_ENV`, set before
MediaPipe is imported) quiet what honours them, but MediaPipe 0.10.21 logs before absl is
initialised and ignores them, so :func:`quiet_native_logs` points descriptor 2 at the null
device while the pose runs; the progress bar and hingecoach's own messages go to the real
stderr, kept on a duplicate descriptor.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

#: Environment that quiets the native libraries' own logging, set before they load: glog and
#: absl (MediaPipe) to errors only, TensorFlow's C++ logging to errors only.
QUIET_ENV = {"GLOG_minloglevel": "2", "TF_CPP_MIN_LOG_LEVEL": "3", "ABSL_MIN_LOG_LEVEL": "2"}


def quiet_env() -> None:
    """Set :data:`QUIET_ENV` where the user has not set those variables."""
    for name, value in QUIET_ENV.items():
        os.environ.setdefault(name, value)


@contextlib.contextmanager
def quiet_native_logs(enabled: bool = True) -> Iterator[TextIO]:
    """Send descriptor 2 to the null device; yield a stream on the real stderr.

    Python's own errors still reach the user: an exception propagates out of the block and is
    reported after descriptor 2 is restored.

    Args:
        enabled: False keeps descriptor 2 as it is (``-v``) and yields ``sys.stderr``.
    """
    if not enabled:
        yield sys.stderr
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real descriptor 2 (an embedding host): nothing to do
        yield sys.stderr
        return
    real = os.fdopen(os.dup(saved), "w", encoding="utf-8", errors="replace", buffering=1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    try:
        yield real
    finally:
        real.flush()
        os.dup2(saved, 2)
        for fd in (null, saved):
            os.close(fd)
        real.close()


class Stages:
    """One progress line through the slow stages: the pose model's start, the frames, the outputs.

    Never shows a frame count it does not know: until the first frame it says "starting the
    pose model"; each output written is its own stage with a spinner and the time it took.

    Args:
        console: where the line goes (stderr); nothing is shown when it is not a terminal or
            ``enabled`` is False.
        enabled: False shows nothing (``-q``).
        first: the stage shown from the start.
    """

    def __init__(
        self, console: Console, *, enabled: bool = True, first: str = "starting the pose model"
    ) -> None:
        """Prepare the progress line; :meth:`__enter__` shows it."""
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not (enabled and console.is_terminal),  # piped: no stray lines
        )
        self._task: TaskID | None = None
        self._first = first

    def __enter__(self) -> Stages:
        """Show the progress line."""
        self._progress.__enter__()
        self._task = self._progress.add_task(self._first, total=None, count="")
        return self

    def __exit__(self, *exc: object) -> None:
        """Remove the progress line."""
        self._progress.__exit__(None, None, None)

    def stage(self, description: str) -> None:
        """Start a stage without a count (a spinner): ``writing the annotated video``."""
        assert self._task is not None
        self._progress.update(
            self._task, description=description, total=None, completed=0, count=""
        )

    def frames(self, done: int, total: int) -> None:
        """The pose pass has done ``done`` of ``total`` frames (a ``track_video`` callback)."""
        assert self._task is not None
        total = max(total, done)
        self._progress.update(
            self._task,
            description="estimating the pose",
            total=total,
            completed=done,
            count=f"{done}/{total} frames",
        )
