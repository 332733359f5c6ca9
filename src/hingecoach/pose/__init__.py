"""Pose estimation: frames in, landmarks out, behind one interface.

:mod:`.base` is the Protocol every backend implements; :mod:`.mediapipe` is the one backend (and
the only module that imports MediaPipe); :mod:`.back_contour` traces the back from the person
mask; :mod:`.keypoint_files` and :mod:`.coco17` read and write pose tracks as files, so the
analysis runs without a pose model.
"""
