"""Errors that reach the user as one clear line instead of a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Bad input the user can fix: says what is wrong and what to do.

    The CLI prints ``str(error)`` on one line and exits with code 2. Keep messages specific:
    name the file (and row, for keypoint files) and the problem, then the remedy.
    """
