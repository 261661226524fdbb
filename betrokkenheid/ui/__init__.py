"""The workbook's pages as ipywidgets classes; each notebook builds one and shows it."""

from .start_page import StartPage
from .triangle_page import TrianglePage

__all__ = ["StartPage", "TrianglePage"]
