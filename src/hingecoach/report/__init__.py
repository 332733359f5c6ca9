"""Outputs of a SetResult: terminal table, JSON, CSV."""
