"""The involvement tree: a branch per form of involvement, a leaf per activity."""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from betrokkenheid.model import Context, Direction, Weight
from betrokkenheid.plots import draw_tree, tree_size
from betrokkenheid.plots.tree import BARE, CONTEXT_COLOUR, MAX_LEAF


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def leaf(label, context="home", direction="one_way", **more):
    return {"label": label, "context": context, "direction": direction, **more}


@pytest.fixture
def branches():
    return [
        {"label": "Meebeslissen", "weight": "low", "leaves": [leaf("Ouderraad", "school")]},
        {
            "label": "Leren thuis",
            "weight": "high",
            "leaves": [leaf("Leesrugzak"), leaf("Huisbezoek", "home", "two_way")],
        },
        {"label": "Communicatie", "weight": "medium", "leaves": []},
    ]


def texts(ax, gid):
    return [t for t in ax.texts if t.get_gid() == gid]


def branch_lines(ax):
    return [line for line in ax.lines if line.get_gid() == "branch"]


def drawn(ax):
    """Branch name → its line, in drawing order."""
    return dict(zip((t.get_text() for t in texts(ax, "form")), branch_lines(ax), strict=True))


class TestDrawTree:
    def test_new_figure_when_no_axes(self, branches):
        """Without an Axes the tree makes its own figure, sized by tree_size."""
        ax = draw_tree(branches)
        assert tuple(ax.figure.get_size_inches()) == pytest.approx(tree_size(branches))

    def test_draws_on_the_given_axes(self, branches):
        """With an Axes the tree draws there and returns that same Axes."""
        _, ax = plt.subplots()
        assert draw_tree(branches, ax=ax) is ax

    def test_one_branch_per_form_and_a_trunk(self, branches):
        """Every form gets a branch and a name; there is one trunk."""
        ax = draw_tree(branches)
        assert sorted(drawn(ax)) == ["Communicatie", "Leren thuis", "Meebeslissen"]
        assert len([p for p in ax.patches if p.get_gid() == "trunk"]) == 1

    def test_heavier_branches_are_thicker_and_lower(self, branches):
        """A form that weighs more for the child has a thicker branch, lower on the trunk."""
        lines = drawn(draw_tree(branches))
        high, low = lines["Leren thuis"], lines["Meebeslissen"]
        assert high.get_linewidth() > low.get_linewidth()
        assert high.get_ydata()[0] < low.get_ydata()[0]

    def test_weight_is_marked_at_the_tip(self, branches):
        """A marker at each branch tip shows the weight: full, half or empty circle."""
        ax = draw_tree(branches)
        marks = [line.get_fillstyle() for line in ax.lines if line.get_gid() == "weight"]
        assert marks == ["full", "left", "none"]  # high, medium, low: drawn in that order

    def test_bare_branch_is_dashed_grey_with_the_bare_label(self, branches):
        """A form without activities is a grey dashed branch with the bare text beside it."""
        ax = draw_tree(branches, bare_label="nog niets")
        lines = drawn(ax)
        assert lines["Communicatie"].get_linestyle() == "--"
        assert to_hex(lines["Communicatie"].get_color()) == BARE
        assert lines["Leren thuis"].get_linestyle() == "-"
        assert [t.get_text() for t in texts(ax, "bare")] == ["nog niets"]

    def test_branches_alternate_left_and_right(self):
        """Branches go left, right, left, ... up the trunk."""
        branches = [{"label": f"v{i}", "weight": "medium", "leaves": []} for i in range(4)]
        tips = [line.get_xdata()[1] for line in branch_lines(draw_tree(branches))]
        assert [tip > 0 for tip in tips] == [False, True, False, True]

    def test_leaf_colour_follows_the_context(self, branches):
        """Leaves at home and at school have their own colour."""
        ax = draw_tree(branches)
        colours = {
            t.get_text(): to_hex(t.get_bbox_patch().get_facecolor()) for t in texts(ax, "leaf")
        }
        assert colours == {
            "→ Ouderraad": CONTEXT_COLOUR["school"].lower(),
            "→ Leesrugzak": CONTEXT_COLOUR["home"].lower(),
            "⇄ Huisbezoek": CONTEXT_COLOUR["home"].lower(),
        }

    def test_leaf_marks_the_direction(self, branches):
        """A one-way leaf starts with →; a two-way leaf with ⇄ and has a heavier edge."""
        ax = draw_tree(branches)
        edges = {t.get_text(): t.get_bbox_patch().get_linewidth() for t in texts(ax, "leaf")}
        assert edges["⇄ Huisbezoek"] > edges["→ Leesrugzak"]

    def test_leaf_without_a_direction_has_no_arrow(self):
        """An activity of a form without direction (none, or left out) is drawn as its name
        alone, with the thin edge; an unknown direction is still refused."""
        ax = draw_tree(
            [
                {
                    "label": "Steun thuis",
                    "weight": "high",
                    "leaves": [leaf("Samen lezen", direction=None), {"label": "Voorlezen"}],
                }
            ]
        )
        shown = {t.get_text(): t.get_bbox_patch().get_linewidth() for t in texts(ax, "leaf")}
        assert shown == {"Samen lezen": 0.8, "Voorlezen": 0.8}
        with pytest.raises(ValueError, match="'Lezen' has direction 'sideways'"):
            draw_tree(
                [{"label": "v", "weight": "low", "leaves": [leaf("Lezen", direction="sideways")]}]
            )

    def test_long_leaf_is_cut_with_an_ellipsis(self):
        """An activity name longer than 28 characters is cut and ends in …."""
        name = "Een heel lange naam voor een activiteit op school"
        ax = draw_tree([{"label": "v", "weight": "low", "leaves": [leaf(name)]}])
        (text,) = texts(ax, "leaf")
        shown = text.get_text().removeprefix("→ ")
        assert shown.endswith("…")
        assert len(shown) <= MAX_LEAF
        assert name.startswith(shown[:-1])

    def test_count_is_kept_after_the_cut(self):
        """A leaf's count is written after the cut name, so it is never lost."""
        name = "Een heel lange naam voor een activiteit op school"
        ax = draw_tree([{"label": "v", "weight": "low", "leaves": [leaf(name, count=3)]}])
        assert texts(ax, "leaf")[0].get_text().endswith("… (3)")

    def test_leaf_text_is_literal(self):
        """A typed name with $ and tags is shown as typed, never as mathtext or markup."""
        typed = "$x^2$ <b>hi</b>"
        ax = draw_tree([{"label": "v", "weight": "low", "leaves": [leaf(typed)]}])
        (text,) = texts(ax, "leaf")
        assert text.get_text() == f"→ {typed}"
        assert text.get_parse_math() is False
        assert text.get_usetex() is False
        renderer = ax.figure.canvas.get_renderer()
        as_math = ax.text(0, 0, text.get_text(), fontsize=text.get_fontsize())
        # literally: the dollars and the caret are drawn, so it is wider than the math version
        literal = text.get_window_extent(renderer).width
        assert literal > as_math.get_window_extent(renderer).width

    def test_many_leaves_do_not_overlap(self):
        """Twelve leaves on one branch, and neighbours, are stacked without overlapping."""
        leaves = [leaf(f"Activiteit nummer {i} met een lange naam") for i in range(12)]
        branches = [
            {"label": "Veel", "weight": "high", "leaves": leaves},
            {"label": "Ook", "weight": "medium", "leaves": leaves[:5]},
            {"label": "Meer", "weight": "low", "leaves": leaves[:7]},
        ]
        ax = draw_tree(branches)
        ax.figure.canvas.draw()
        boxes = [t.get_bbox_patch().get_window_extent() for t in texts(ax, "leaf")]
        assert len(boxes) == 24
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert not a.overlaps(b)

    def test_enums_and_objects_are_accepted(self):
        """Weight, Context and Direction members, and objects with attributes, work too."""
        activity = SimpleNamespace(
            label="Huisbezoek", context=Context.HOME, direction=Direction.TWO_WAY
        )
        branch = SimpleNamespace(label="Thuis", weight=Weight.HIGH, leaves=[activity])
        ax = draw_tree([branch])
        assert [t.get_text() for t in texts(ax, "leaf")] == ["⇄ Huisbezoek"]

    def test_unknown_weight_is_refused(self):
        """A weight that is not high, medium or low is a ValueError naming the branch."""
        with pytest.raises(ValueError, match="'Thuis'.*heavy"):
            draw_tree([{"label": "Thuis", "weight": "heavy", "leaves": []}])

    def test_legend_texts_come_from_the_caller(self, branches):
        """The legend uses the texts passed in; an empty mapping leaves that part out."""
        ax = draw_tree(
            branches,
            context_labels={"home": "home", "school": "school"},
            direction_labels={},
            weight_labels={"high": "weighs a lot"},
        )
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["home", "school", "weighs a lot"]

    def test_redraw_on_a_cleared_axes(self, branches):
        """Clearing the Axes and drawing again leaves nothing of the first tree."""
        ax = draw_tree(branches)
        ax.clear()
        draw_tree(branches[:1], ax=ax)
        ax.clear()
        draw_tree(branches, ax=ax)
        ax.figure.canvas.draw()
        assert len(branch_lines(ax)) == 3
        assert len(texts(ax, "leaf")) == 3

    def test_no_branches_draws_only_the_trunk(self):
        """No forms: a trunk, no branches, no error."""
        ax = draw_tree([])
        ax.figure.canvas.draw()
        assert branch_lines(ax) == []


class TestTreeSize:
    def test_grows_with_the_leaves(self):
        """More leaves ask for a taller figure; the width is as asked."""
        few = [{"label": "v", "weight": "high", "leaves": [leaf("a")]}]
        many = [{"label": "v", "weight": "high", "leaves": [leaf("a")] * 12}]
        assert tree_size(many)[1] > tree_size(few)[1]
        assert tree_size(few, width=8)[0] == 8
