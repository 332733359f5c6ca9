"""Reps: segmentation, phases, set-wide rules and recognising the exercise."""
