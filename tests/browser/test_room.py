"""A room of phones: twenty participants answer at once on the study day's page, go on to the
next step, and the trainer's dashboard follows them."""

import re

import pytest

from betrokkenheid import Store

pytestmark = pytest.mark.browser

PEOPLE = 20
PHONE = {"width": 390, "height": 844}
ROLES = ("teacher", "care_coordinator", "director", "bridge_figure", "childcare_staff", "other")
WAIT = 120_000  # ms: twenty kernels start on a machine of two cores


def test_twenty_phones_answer_go_on_and_the_dashboard_follows(server, browser):
    """Twenty phones open the day's page at the triangle at once, each rates the first
    quality; every answer is stored, the dashboard (open meanwhile) shows the team's triangle
    for twenty people, and every phone goes on to step 3 in its own page and kernel."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Basisschool De Kastanje", "betrokkenheidsboom", "baseline")
    people = [store.join(session.code, ROLES[i % len(ROLES)]) for i in range(PEOPLE)]

    trainer = browser.new_context(viewport={"width": 1280, "height": 800})
    dashboard = trainer.new_page()
    dashboard.goto(server.page("06_dashboard.ipynb", s=session.code), wait_until="commit")

    phones = []
    for person in people:  # every page asked for before any is waited for: all at once
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        context.set_default_timeout(WAIT)
        tab = context.new_page()
        tab.goto(server.page("00_dag.ipynb", p=person.code, step="triangle"), wait_until="commit")
        phones.append((person, context, tab))
    try:
        steps = [tab.locator(".btk-day-step-triangle") for _, _, tab in phones]
        for step in steps:
            step.locator(".btk-relation .btk-rating button").first.wait_for(timeout=WAIT)
        # a small step: one rating each, 1 to 5 round the room
        labels = ("Nog niet", "Zelden", "Soms", "Vaak", "Bijna altijd")
        for i, step in enumerate(steps):
            first = step.locator(".btk-relation").first.locator(".btk-quality").first
            first.get_by_role("radio", name=labels[i % 5]).tap()
        for step in steps:
            expect(step.locator(".btk-status")).to_contain_text("Opgeslagen", timeout=WAIT)
        given = [store.answers_of(p, "triangle") for p in people]
        expected = [{"parent_school.communication": float(i % 5 + 1)} for i in range(PEOPLE)]
        assert given == expected

        caption = dashboard.locator(".btk-stage")
        expect(caption).to_contain_text(f"{PEOPLE} mensen gaven antwoord", timeout=WAIT)
        expect(dashboard.locator(".btk-info")).to_contain_text(f"{PEOPLE} mensen doen mee")

        for step in steps:  # Next, on every phone
            step.locator(".btk-next").first.tap()
        for person, _, tab in phones:
            expect(tab).to_have_url(re.compile(rf"00_dag\.ipynb\?p={person.code}.*step=forms"))
            tab.locator(".btk-day-step-forms .btk-add .btk-primary").wait_for(timeout=WAIT)
            width = tab.evaluate("() => document.scrollingElement.scrollWidth")
            assert width <= PHONE["width"], f"step 3 scrolls sideways on a phone ({width} px)"
    except Exception:
        print("".join(server.log[-60:]))
        raise
    finally:
        for _, context, _ in phones:
            context.close()
        trainer.close()
