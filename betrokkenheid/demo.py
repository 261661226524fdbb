"""A fictitious school with a baseline and a later measurement, for trying the workbook."""

from __future__ import annotations

import random

from .model import Role

__all__ = ["make_demo"]

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


def make_demo(store, seed: int = 7) -> dict[str, str]:
    """Make the demo school's two sessions with answers; returns measurement → join code.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> codes = make_demo(store)
    >>> sorted(codes)
    ['baseline', 'later']
    >>> store.count_participants(store.session(codes["later"]))
    14
    """
    from .frames import load_frame

    frame = load_frame("betrokkenheidsboom")
    rng = random.Random(seed)
    codes = {}
    for measurement, lift in (("baseline", 0.0), ("later", 0.7)):
        session = store.create_session(SCHOOL, frame.id, measurement)
        codes[measurement] = session.code
        for role, count in TEAM.items():
            for _ in range(count):
                me = store.join(session.code, role.value, "nl")
                for relation in frame.triangle.relations:
                    centre = START[relation.id] + lift + rng.uniform(-0.6, 0.6)
                    for quality in frame.triangle.qualities:
                        value = round(centre + rng.gauss(0, 0.7))
                        value = min(frame.scale.max, max(frame.scale.min, value))
                        store.save_answer(me, "triangle", f"{relation.id}.{quality.id}", value)
    return codes
