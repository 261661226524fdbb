"""Figures from plain data: no widgets, no database. Every ``draw_*`` takes ``ax=None``.

Each figure also says what size and margins it needs (``*_layout``), so a page can make a
figure of its own at that size; nothing here imports matplotlib until a function runs.
"""

from ._figure import figure_png, figure_svg
from .gap import draw_gap, gap_layout
from .radar import RADAR_LAYOUT, draw_radar
from .status import draw_status, status_layout
from .tree import draw_tree, tree_layout, tree_size
from .triangle import draw_triangle
from .triangle_voices import (
    draw_item_voices,
    draw_three_voices,
    item_voices_layout,
    three_voices_layout,
)
from .voices import draw_voices, voices_layout
from .votes import draw_votes, votes_layout

__all__ = [
    "RADAR_LAYOUT",
    "draw_gap",
    "draw_item_voices",
    "draw_radar",
    "draw_status",
    "draw_three_voices",
    "draw_tree",
    "draw_triangle",
    "draw_voices",
    "draw_votes",
    "figure_png",
    "figure_svg",
    "gap_layout",
    "item_voices_layout",
    "status_layout",
    "three_voices_layout",
    "tree_layout",
    "tree_size",
    "voices_layout",
    "votes_layout",
]
