"""Inputs → videos: folders, globs, missing names, one entry per file; keys follow settings."""

from __future__ import annotations

from pathlib import Path

from hingecoach.batch.inputs import Settings, expand_inputs, video_key


def _tree(tmp_path: Path) -> Path:
    for rel in ("Sam/a.mp4", "Sam/deep/b.MOV", "Sam/notes.txt", "Ann/c.webm", "Ann/.hidden/d.mp4"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rel.encode())
    return tmp_path


def test_folder_is_searched_recursively_for_videos_only(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    items = expand_inputs([str(root / "Sam")])
    assert [i.path.relative_to(root).as_posix() for i in items] == ["Sam/a.mp4", "Sam/deep/b.MOV"]
    assert all(i.error is None for i in items)


def test_glob_missing_name_and_repeats(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    items = expand_inputs(
        [
            str(root / "*" / "*.webm"),
            str(root / "Sam" / "a.mp4"),
            str(root / "Sam"),  # a.mp4 again: listed once
            str(root / "nope.mp4"),
            str(root / "*.avi"),
            str(root / "Sam" / "notes.txt"),  # named outright: tried whatever its suffix
        ]
    )
    names = [(i.path.name, i.error) for i in items]
    assert names == [
        ("c.webm", None),
        ("a.mp4", None),
        ("b.MOV", None),
        ("nope.mp4", "no such file or folder"),
        ("*.avi", f"no file matches {root / '*.avi'}"),
        ("notes.txt", None),
    ]


def test_key_changes_with_bytes_settings_and_athlete() -> None:
    base = video_key("ab" * 32, Settings(), "Sam")
    assert base == video_key("ab" * 32, Settings(), "Sam")
    others = {
        video_key("cd" * 32, Settings(), "Sam"),
        video_key("ab" * 32, Settings(exercise="rdl"), "Sam"),
        video_key("ab" * 32, Settings(profile_toml="[limits]\n"), "Sam"),
        video_key("ab" * 32, Settings(), "Ann"),
    }
    assert base not in others and len(others) == 4


def test_athlete_from_folder_keeps_the_link_folder(tmp_path: Path) -> None:
    target = tmp_path / "clips" / "x.mp4"
    target.parent.mkdir()
    target.write_bytes(b"x")
    link = tmp_path / "Sam" / "x.mp4"
    link.parent.mkdir()
    link.symlink_to(target)
    assert Settings(athlete_from_folder=True).athlete_for(link) == "Sam"
    assert Settings(athlete="Ann").athlete_for(link) == "Ann"
    assert Settings().athlete_for(link) is None
