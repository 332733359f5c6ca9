"""The article's guided self-tests on the engine: the dowel test and the wall test.

Each mode is a pure analysis over a :class:`~hingecoach.models.PoseTrack` (and, for the dowel
test, the video's frames, to find the stick itself), with its own result model
(:mod:`.models`). The edges (:mod:`.run`) read the video through the engine's pose path and
reps; :mod:`.render` draws the result in the terminal and as an HTML fragment.
"""

from hingecoach.selftest.models import DowelResult, SelfTestResult, WallResult

__all__ = ["DowelResult", "SelfTestResult", "WallResult"]
