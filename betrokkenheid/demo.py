"""A fictitious school with a baseline and a later measurement, for trying the workbook.

Each measurement has the team's answers to every exercise, about 40 parents' answers to
their questionnaire (:func:`answer_questionnaire`), in the languages the frame's
questionnaire is offered in, some typed in from paper, and about 25 children's answers to
theirs (:func:`answer_children`), as a class gives them on its tablets.
"""

from __future__ import annotations

import random

from .terms import Role

__all__ = [
    "CHILDREN",
    "PARENTS",
    "SCHOOL",
    "answer_children",
    "answer_everything",
    "answer_questionnaire",
    "make_demo",
]

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
PARENTS = 40  # parents who answer the questionnaire, per measurement
PAPER = 8  # of them on paper, typed in by staff
CHILDREN = 25  # children who answer their questionnaire on the class's tablets, per measurement


def make_demo(store, seed: int = 7) -> dict[str, str]:
    """Make the demo school's two sessions with answers to every exercise: a baseline, and a
    later measurement linked to it that looks back at the baseline's action plan.

    Returns measurement → join code. Each session's questionnaire codes are the store's
    (``store.audience_codes(session)``: ``parent``, ``child``).

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
    >>> sum(store.audience_counts(store.session(codes["later"])).values())
    40
    >>> sum(store.audience_counts(store.session(codes["later"]), "child").values())
    25
    """
    from .frames import load_frame
    from .model import QUESTIONNAIRES

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
        for name in QUESTIONNAIRES:  # each a generator of its own: the others stay as they were
            if getattr(frame, name) is not None:
                answer = _ANSWER[name]
                answer(store, session, frame, random.Random(f"{name}-{seed}-{measurement}"), lift)
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


# Where parents' answers lie per statement (on 1..5), before a language's own offset: a few
# lie far from how the team rates the mirrored item (about 2.6 to 3 at the baseline), so
# the comparison shows something: parents feel more welcome and respected than the team
# thinks, and hear less good news and have less of a say.
_PARENT_CENTRE = {
    "welcome": 4.1,
    "know_whom_to_ask": 3.7,
    "understand_messages": 3.5,
    "good_news": 2.1,
    "listened_to": 3.4,
    "respected": 4.3,
    "my_knowledge_counts": 2.9,
    "work_together": 3.3,
    "invited": 3.9,
    "can_have_a_say": 2.0,
    "talk_at_home": 3.6,
    "know_other_parents": 2.6,
}
# parents who read Dutch less well: letters are harder, other parents less known
_OTHER_LANGUAGE = {"understand_messages": -1.3, "know_other_parents": -0.8, "can_have_a_say": -0.4}
_DONT_KNOW = {"can_have_a_say": 0.15, "my_knowledge_counts": 0.1}  # else 0.05
_CHIPS = {  # how often a parent picks a chip; "language" mostly in another language
    "time": 0.3,
    "evenings_only": 0.12,
    "digital_only": 0.15,
    "unclear_expectations": 0.1,
    "not_welcome": 0.04,
    "jargon": 0.12,
    "only_bad_news": 0.18,
    "costs": 0.07,
}
_SPOKEN = {"tr": 6, "ar": 4}  # how many demo parents speak a language beside Dutch and English
# open answers, short and kind, by language (used only where the language is offered)
_OPEN = {
    "nl": (
        "Dank u voor de fijne opvang van mijn zoon.",
        "Ik zou graag vaker horen wat goed gaat.",
        "De juf is altijd vriendelijk aan de poort.",
        "Kunnen de brieven korter en in eenvoudige taal?",
        "Een oudercafé op zaterdag zou fijn zijn.",
        "Ik werk in ploegen, dus 's avonds lukt het niet altijd.",
        "Mijn dochter gaat met plezier naar school. Bedankt!",
        "Ik wist niet dat ik mocht helpen bij een uitstap.",
    ),
    "en": (
        "Thank you, my daughter feels at home here.",
        "Please send messages on paper too, not only in the app.",
        "I would like to meet other parents more often.",
        "The teachers are kind, but the letters are hard for me.",
        "A short talk at the start of the year would help.",
    ),
    "tr": (
        "Öğretmenimiz çok ilgili, teşekkür ederim.",
        "Mektuplar Türkçe de olsa çok iyi olur.",
        "Akşam toplantılarına işten dolayı gelemiyorum.",
    ),
    "ar": (
        "شكراً للمعلمة، ابني سعيد في المدرسة.",
        "أتمنى أن تكون الرسائل أبسط.",
        "أحب أن أتعرف على أولياء أمور آخرين.",
    ),
    "fr": (
        "Merci pour l'accueil chaleureux.",
        "J'aimerais recevoir les messages aussi sur papier.",
    ),
    "pl": (
        "Dziękuję, moje dziecko lubi chodzić do szkoły.",
        "Chciałabym częściej rozmawiać z nauczycielką.",
    ),
    "ro": (
        "Mulțumesc, copilul meu se simte bine la școală.",
        "Aș vrea mesaje mai simple.",
    ),
    "uk": (
        "Дякую, моїй дитині добре в школі.",
        "Хотілося б отримувати листи простішою мовою.",
    ),
}


def _parents_languages(frame, rng) -> list[str]:
    """The languages of the :data:`PARENTS` parents: most Dutch, some English, and the
    others the questionnaire is offered in (Dutch and English only when there are none)."""
    from .languages import offered

    others = [lang.code for lang in offered(frame) if lang.code not in ("nl", "en")]
    spoken = ["en"] * (6 if others else 10)
    for code in others:  # two larger groups (where offered), a parent or two of the others
        spoken += [code] * _SPOKEN.get(code, 1 if len(others) > 2 else 3)
    spoken = ["nl"] * (PARENTS - len(spoken)) + spoken
    rng.shuffle(spoken)
    return spoken


def answer_questionnaire(store, session, frame, rng, lift: float = 0.0) -> str:
    """Let :data:`PARENTS` parents answer ``frame``'s questionnaire in ``session``, in the
    languages it is offered in, :data:`PAPER` of them on paper; returns the questionnaire's
    code.

    Realistic spreads: "don't know" and "rather not say" now and then, a statement left
    open on some paper forms, a few chips (one taken back), some open answers in the
    parent's language. ``lift`` raises the ratings a little (a later measurement).
    """
    from .questionnaire import DONT_KNOW, OPEN_ITEM, RATHER_NOT, barrier_item, save_answer

    section = frame.parents
    code = store.audience_code(session)
    low, high = section.scale.min, section.scale.max
    paper = set(rng.sample(range(PARENTS), PAPER))
    for number, lang in enumerate(_parents_languages(frame, rng)):
        channel = "paper" if number in paper else "online"
        me = store.join_audience(code, lang, channel)
        mood = rng.gauss(0, 0.5)  # some parents are more content than others
        for item in section.items:
            if channel == "paper" and rng.random() < 0.04:
                continue  # left open on the form
            chance = rng.random()
            dont_know = _DONT_KNOW.get(item.id, 0.05)
            if chance < dont_know:
                save_answer(store, me, frame, item.id, text=DONT_KNOW)
            elif chance < dont_know + 0.025:
                save_answer(store, me, frame, item.id, text=RATHER_NOT)
            else:
                centre = _PARENT_CENTRE.get(item.id, 3.0) + lift * 0.6 + mood
                if lang != "nl":
                    centre += _OTHER_LANGUAGE.get(item.id, 0.0)
                value = min(high, max(low, round(centre + rng.gauss(0, 0.8))))
                save_answer(store, me, frame, item.id, value)
        for chip in section.barriers:
            chance = _CHIPS.get(chip.barrier, 0.05)
            if chip.barrier == "language":
                chance = 0.02 if lang == "nl" else 0.5
            if rng.random() < chance:
                save_answer(store, me, frame, barrier_item(chip.barrier), 1)
                if rng.random() < 0.05:  # chosen, then taken back
                    save_answer(store, me, frame, barrier_item(chip.barrier), 0)
        if _OPEN.get(lang) and rng.random() < 0.3:
            save_answer(store, me, frame, OPEN_ITEM, text=rng.choice(_OPEN[lang]))
    return code


# Where children's answers lie per statement, on 1 (no) to 3 (yes): most children like
# school and are asked at home how it was; fewer dare to say what they think in class or
# see home and school as one. Children of 8 to 12 say "don't know" mostly about what the
# grown-ups do together.
_CHILD_CENTRE = {
    "like_school": 2.5,
    "teacher_listens": 2.4,
    "dare_to_say": 1.9,
    "asked_at_home": 2.6,
    "tell_at_home": 2.2,
    "help_at_home": 2.4,
    "friendly_together": 2.5,
    "together_for_me": 2.1,
    "same_message": 1.9,
}
_CHILD_DONT_KNOW = {"friendly_together": 0.12, "together_for_me": 0.15, "same_message": 0.2}
_CHILD_ENGLISH = 2  # children who answer in English, the others in Dutch
_CHILD_STOPPED = 2  # children who stopped before the last statement (their answers stay)


def answer_children(store, session, frame, rng, lift: float = 0.0) -> str:
    """Let :data:`CHILDREN` children answer ``frame``'s children's questionnaire in
    ``session``, one after the other on a class's tablets; returns the children's code.

    Varied, as a class answers: some children are more content than others, a few say
    "don't know" (most about what home and school do together), two answer in English and
    two stop before the end. ``lift`` raises the faces a little (a later measurement).
    """
    from .languages import offered
    from .questionnaire import DONT_KNOW, save_answer

    section = frame.children
    code = store.audience_code(session, "child")
    low, high = section.scale.min, section.scale.max
    english = "en" in {lang.code for lang in offered(frame, "children")}
    others = rng.sample(range(CHILDREN), _CHILD_ENGLISH + _CHILD_STOPPED)
    in_english = set(others[:_CHILD_ENGLISH]) if english else set()
    stopped = set(others[_CHILD_ENGLISH:])
    for number in range(CHILDREN):
        me = store.join_audience(code, "en" if number in in_english else "nl")
        mood = rng.gauss(0, 0.35)
        items = section.items
        if number in stopped:  # the bell rang, or the next child was waiting
            items = items[: rng.randint(2, len(items) - 1)]
        for item in items:
            if rng.random() < _CHILD_DONT_KNOW.get(item.id, 0.03):
                save_answer(store, me, frame, item.id, text=DONT_KNOW)
                continue
            centre = _CHILD_CENTRE.get(item.id, 2.0) + lift * 0.3 + mood  # on 1..3
            centre = low + (centre - 1) / 2 * (high - low)  # on the frame's own faces
            value = min(high, max(low, round(centre + rng.gauss(0, 0.55))))
            save_answer(store, me, frame, item.id, value)
    return code


_ANSWER = {"parents": answer_questionnaire, "children": answer_children}  # by questionnaire
