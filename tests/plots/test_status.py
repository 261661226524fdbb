"""How far each action got: one stacked bar per action, told apart by colour and pattern."""

from betrokkenheid.plots import draw_status
from betrokkenheid.plots.status import STATUS_STYLE

WORDS = {"done": "gedaan", "partly": "deels", "not_yet": "nog niet", "dropped": "gestopt"}


def test_a_segment_per_status_in_order_with_its_count():
    ax = draw_status([("Koffie", {"done": 2, "dropped": 1, "partly": 0})], WORDS)
    bars = [p for p in ax.patches if p.get_gid()]
    assert [b.get_gid() for b in bars] == ["done", "dropped"]
    assert [b.get_width() for b in bars] == [2, 1]
    assert bars[1].get_x() == 2  # stacked after "done"
    assert {t.get_text() for t in ax.texts if not t.get_gid()} == {"2", "1"}


def test_patterns_as_well_as_colours_and_a_legend_in_words():
    ax = draw_status([("Koffie", {"done": 1})], WORDS)
    hatches = [hatch for _, hatch in STATUS_STYLE.values()]
    assert len(set(hatches)) == len(hatches)  # no two statuses share a pattern
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == list(WORDS.values())


def test_an_action_without_answers_says_why_and_labels_stay_text():
    ax = draw_status([("$x$ <b>", {}), ("Brief", {"partly": 3})], WORDS, empty_label="te weinig")
    assert "te weinig" in " ".join(t.get_text() for t in ax.texts)
    names = [t.get_text() for t in ax.texts if t.get_gid() == "label"]
    assert names == [r"\$x\$ <b>", "Brief"]
    assert not [p for p in ax.patches if p.get_gid() == "done"]
