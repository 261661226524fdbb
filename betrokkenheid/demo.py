"""A fictitious school with a baseline and a later measurement, for trying the workbook."""

from __future__ import annotations

import random

from .terms import Role

__all__ = ["SCHOOL", "answer_everything", "make_demo"]

SCHOOL = "Basisschool De Vlinder (fictief)"
# how many people of each role answer: 14 in all
TEAM = {
    Role.TEACHER: 7,
    Role.CARE_COORDINATOR: 2,
    Role.DIRECTOR: 1,
    Role.BRIDGE_FIGURE: 1,
    Role.CHILDCARE_STAFF: 2,
    Role.OTHER: 1,
}


def make_demo(store, seed: int = 7) -> dict[str, str]:
    """Make the demo school's two sessions with answers to every exercise: a baseline, and a
    later measurement linked to it that looks back at the baseline's action plan.

    Returns measurement → join code.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> codes = make_demo(store)
    >>> sorted(codes)
    ['baseline', 'later']
    >>> store.count_participants(store.session(codes["later"]))
    14
    >>> sorted({a.exercise for a in store.session_answers(store.session(codes["later"]))})
    ['barriers', 'climate', 'followup', 'forms', 'perspectives', 'triangle']
    >>> store.session(codes["later"]).baseline == codes["baseline"]
    True
    """
    from .frames import load_frame

    frame = load_frame("betrokkenheidsboom")
    rng = random.Random(seed)
    codes: dict[str, str] = {}
    earlier: list = []
    for measurement, lift in (("baseline", 0.0), ("later", 0.7)):
        session = store.create_session(
            SCHOOL, frame.id, measurement, baseline=codes.get("baseline")
        )
        codes[measurement] = session.code
        number = 0
        for role, count in TEAM.items():
            for _ in range(count):
                me = store.join(session.code, role.value, "nl")
                answer_everything(store, me, frame, rng, number, lift, earlier)
                number += 1
        earlier = store.session_answers(session)
    return codes


def answer_everything(store, me, frame, rng, number: int, lift: float = 0.0, baseline=()) -> None:
    """Let participant ``me`` answer every exercise of ``frame``, at random around a centre.

    ``lift`` raises the ratings (a later measurement); the first two people (``number``)
    also write actions. ``baseline`` holds the baseline's answers for a step that looks back
    (left out when empty). Each exercise's answers are its own (``demo`` in its folder).
    """

    from .exercises import EXERCISES

    def rating(centre, low=1, high=5):
        return min(high, max(low, round(centre + rng.gauss(0, 0.7))))

    for exercise in EXERCISES:
        if exercise.content(frame) is None:
            continue
        if not exercise.needs_baseline:
            exercise.demo(store, me, frame, rng, number, lift, rating)
        elif baseline:
            exercise.demo(store, me, frame, rng, number, lift, rating, baseline=list(baseline))
