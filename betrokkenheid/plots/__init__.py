"""Figures from plain data: no widgets, no database. Every function takes ``ax=None``."""

from .triangle import draw_triangle, figure_png

__all__ = ["draw_triangle", "figure_png"]
