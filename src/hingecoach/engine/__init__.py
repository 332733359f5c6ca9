"""The analysis engine: one session fed frame by frame serves files, cameras, the web and batch.

``Session`` is the driver (:mod:`hingecoach.engine.session`); ``analyze_track`` feeds a recorded
track through one. The core modules under it are pure functions over arrays: no files, clocks or
network.
"""

from hingecoach.engine.live_state import LiveFrame
from hingecoach.engine.session import RepEvent, Session, analyze_track

__all__ = ["LiveFrame", "RepEvent", "Session", "analyze_track"]
