"""A job's stages and the time it has left, estimated from the rates measured as it runs.

Every stage after the queue costs about the same per video frame on one machine: the pose pass
runs MediaPipe on each frame, the annotated video decodes, draws and encodes each frame again,
the report decodes one still per rep and draws its plots over every frame. So the estimate is
frames × seconds per frame for each stage still to come. The pose pass's rate is measured live
on the job's own frames; a later stage's rate is the one this worker process measured on its
previous job, or, on its first job, the pose rate times that stage's share
(:data:`FIRST_JOB_SHARE`). The bar's fraction is time-based (time spent over time spent plus
time left), so it moves evenly and agrees with the estimate.
"""

from __future__ import annotations

from collections.abc import Callable

#: What each running stage shows, in order (``queued`` and the end are the store's).
STAGE_TEXT = {
    "starting": "opening the video",
    "pose": "finding the pose",
    "analysing": "judging the reps",
    "video": "writing the annotated video",
    "report": "writing the report",
    "saving": "saving the result",
}
#: The stages timed per frame after the pose pass, in order.
AFTER_POSE = ("analysing", "video", "report", "saving")
#: Seconds per frame of each later stage as a share of the pose pass's, used until this worker
#: has measured them: the medians over three shared clips (dl_side_good, dl_side_full_rep,
#: gm_dowel_front_oblique; pose 26-61 ms a frame) on the development machine.
FIRST_JOB_SHARE = {"analysing": 0.03, "video": 0.26, "report": 0.06, "saving": 0.01}
#: Frames of the pose pass needed before its rate is trusted.
MIN_RATE_FRAMES = 5

#: Seconds per frame of each stage, measured by this worker process on its last job.
_MEASURED: dict[str, float] = {}


class StageClock:
    """Times a job's stages and estimates the rest; ``clock`` gives monotonic seconds."""

    def __init__(self, clock: Callable[[], float], measured: dict[str, float] | None = None):
        """Start in the ``starting`` stage.

        Args:
            clock: monotonic seconds.
            measured: seconds per frame by stage from earlier jobs, updated as stages end
                (default: this process's record).
        """
        self._clock = clock
        self.measured = _MEASURED if measured is None else measured
        self.step = "starting"
        self._begun = clock()
        self._step_began = self._begun
        self.frames_done = 0
        self.frames_total: int | None = None

    def pose(self, done: int, total: int) -> None:
        """The pose pass has done ``done`` of about ``total`` frames (the container's count)."""
        if self.step != "pose":
            self.enter("pose")
        self.frames_done, self.frames_total = done, max(total, done)

    def enter(self, step: str, *, frames: int | None = None) -> None:
        """Start ``step``; the stage that ends records its seconds per frame.

        Args:
            step: one of :data:`STAGE_TEXT`.
            frames: the set's frame count, once known (the pose track's length).
        """
        now = self._clock()
        n = self.frames_done if self.step == "pose" else self.frames_total
        if self.step != "starting" and n:
            self.measured[self.step] = (now - self._step_began) / n
        if frames is not None:
            self.frames_total = self.frames_done = frames
        self.step, self._step_began = step, now

    def pose_rate(self) -> float | None:
        """The pose pass's frames per second on this job (None until it has enough frames)."""
        cost = self._cost("pose")
        return None if cost is None or cost <= 0 else 1.0 / cost

    def _cost(self, step: str) -> float | None:
        if step == "pose" and self.step == "pose" and self.frames_done >= MIN_RATE_FRAMES:
            return (self._clock() - self._step_began) / self.frames_done
        if step in self.measured:
            return self.measured[step]
        pose = self._cost("pose") if step != "pose" else None
        return None if pose is None else pose * FIRST_JOB_SHARE.get(step, 0.0)

    def eta_s(self) -> float | None:
        """Seconds left (None until the frame count and a rate are known)."""
        n = self.frames_total
        if not n:
            return None
        order = ("pose", *AFTER_POSE)
        current = order.index(self.step) if self.step in order else 0
        left = 0.0
        for i, step in enumerate(order[current:], start=current):
            cost = self._cost(step)
            if cost is None:
                return None
            if i == current and step == "pose":
                left += (n - self.frames_done) * cost
            elif i == current and self.step != "starting":
                left += max(n * cost - (self._clock() - self._step_began), 0.0)
            else:
                left += n * cost
        return left

    def fraction(self) -> float:
        """Share of the job done, 0..1: time spent over time spent plus time left.

        Until there is an estimate, the pose pass's frames done over its expected frames, scaled
        to the pose pass's share of a job's time (:data:`FIRST_JOB_SHARE`).
        """
        eta = self.eta_s()
        if eta is None:  # before the pose pass has a rate: its share of the first-job plan
            if self.step != "pose" or not self.frames_total:
                return 0.0
            pose_share = 1.0 / (1.0 + sum(FIRST_JOB_SHARE.values()))
            return pose_share * self.frames_done / self.frames_total
        spent = self._clock() - self._begun
        return spent / (spent + eta) if spent + eta > 0 else 0.0
