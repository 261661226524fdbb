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
# where the team starts (baseline) per relation; the later measurement lies a little higher
START = {"parent_school": 3.0, "child_school": 3.6, "parent_child": 2.3}
ACTIONS = {
    "what": ("Een koffiemoment elke vrijdag", "Brieven in eenvoudige taal"),
    "who": ("De directie en twee collega's", "De werkgroep ouders"),
    "when": ("Vanaf de herfstvakantie", "Voor de kerstvakantie"),
    "notice": ("Meer ouders blijven even praten", "Minder vragen over brieven"),
}


def make_demo(store, seed: int = 7) -> dict[str, str]:
    """Make the demo school's two sessions with answers to every exercise.

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
    ['barriers', 'climate', 'forms', 'perspectives', 'triangle']
    """
    from .frames import load_frame

    frame = load_frame("betrokkenheidsboom")
    rng = random.Random(seed)
    codes = {}
    for measurement, lift in (("baseline", 0.0), ("later", 0.7)):
        session = store.create_session(SCHOOL, frame.id, measurement)
        codes[measurement] = session.code
        number = 0
        for role, count in TEAM.items():
            for _ in range(count):
                me = store.join(session.code, role.value, "nl")
                answer_everything(store, me, frame, rng, number, lift)
                number += 1
    return codes


def answer_everything(store, me, frame, rng, number: int, lift: float = 0.0) -> None:
    """Let participant ``me`` answer every exercise of ``frame``, at random around a centre.

    ``lift`` raises the ratings (a later measurement); the first two people (``number``)
    also write actions.
    """

    def rating(centre, low=1, high=5):
        return min(high, max(low, round(centre + rng.gauss(0, 0.7))))

    for relation in frame.triangle.relations:
        centre = START[relation.id] + lift + rng.uniform(-0.6, 0.6)
        for quality in frame.triangle.qualities:
            store.save_answer(me, "triangle", f"{relation.id}.{quality.id}", rating(centre))
    for group in frame.perspectives.groups:
        for statement in group.statements:
            store.save_answer(me, "perspectives", f"{statement.id}.present", rating(2.6 + lift))
            store.save_answer(me, "perspectives", f"{statement.id}.important", rating(4.2))
    for activity in frame.forms.activities:
        if rng.random() < 0.35 + lift / 3:
            store.save_answer(me, "forms", activity.id, 1)
    levels = len(frame.climate.levels)
    for component in frame.climate.components:
        store.save_answer(me, "climate", component.id, rating(2.0 + lift, 1, levels))
    chances = [c.id for c in frame.barriers.opportunities]
    for chance in rng.sample(chances[:6], 3):
        store.save_answer(me, "barriers", f"vote.{chance}", 1)
    for group in frame.barriers.parent_groups[:4]:
        for barrier in rng.sample([b.id for b in frame.barriers.barriers][:6], 2):
            store.save_answer(me, "barriers", f"barrier.{group.id}.{barrier}", 1)
    if number < 2:
        for part, texts in ACTIONS.items():
            store.save_answer(
                me, "barriers", f"action.{chances[number]}.{part}", text=texts[number]
            )
