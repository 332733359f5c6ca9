"""Angles, filters, view and body-size normalisation: landmarks in, per-frame signals out."""

from hingecoach.kinematics.signals import Signals, compute_signals

__all__ = ["Signals", "compute_signals"]
