"""What to do before each self-test, said before anything is analysed (the article's set-up)."""

from __future__ import annotations

DOWEL_SETUP = (
    "Hold a dowel (a broomstick or PVC pipe) along your back, one hand behind the neck and one "
    "behind the lower back.",
    "It touches three places: the back of your head, your upper back and your sacrum "
    "(the flat bone at the base of the spine).",
    "Stand side-on to the camera with your whole body in view, head to feet.",
    "Push the hips back and hinge forward, keeping all three contacts, then stand back up.",
)


def wall_setup(wall_cm: float) -> tuple[str, ...]:
    """The wall test's set-up for a wall ``wall_cm`` behind the glutes."""
    return (
        f"Stand with your back to a wall, {wall_cm:.0f} cm from it (the article's 8–12 cm, "
        "3–5 inches), facing away from it; a foam roller behind the glutes works too.",
        "Stand side-on to the camera with your whole body in view, head to feet.",
        "Push the hips straight back until they touch the wall, then stand back up.",
        "The test: the hips reach the wall before the knees drift forward or the back rounds.",
    )


def practice_setup(reps: int) -> tuple[str, ...]:
    """The practice session's set-up for ``reps`` unweighted hinges."""
    return (
        "No weight: hands on the hips, or a dowel along the back.",
        "Stand side-on to the camera with your whole body in view, head to feet.",
        f"Do {reps} slow hinges, each the same: the cues below before the first, one after each.",
    )
