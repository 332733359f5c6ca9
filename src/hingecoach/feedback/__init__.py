"""Scores, trend across the set, the one thing to fix first, drills and load advice."""
