"""The workbook's pages as ipywidgets classes; each notebook builds one and shows it."""

from .barriers_page import BarriersPage
from .climate_page import ClimatePage
from .dashboard_page import DashboardPage
from .forms_page import FormsPage
from .perspectives_page import PerspectivesPage
from .start_page import StartPage
from .triangle_page import TrianglePage

__all__ = [
    "BarriersPage",
    "ClimatePage",
    "DashboardPage",
    "FormsPage",
    "PerspectivesPage",
    "StartPage",
    "TrianglePage",
]
