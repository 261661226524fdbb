"""The workbook's pages as ipywidgets classes; each notebook builds one and shows it.

Pages are imported when first asked for, so a notebook loads only the page it shows.
"""

from .._lazy import lazy_names

_WHERE = {
    "BarriersPage": "barriers_page",
    "ChildrenPage": "children_page",
    "ClimatePage": "climate_page",
    "DashboardPage": "dashboard_page",
    "DayPage": "day_page",
    "FollowupPage": "followup_page",
    "FormsPage": "forms_page",
    "GuidePage": "guide_page",
    "PaperEntryPage": "paper_page",
    "ParentsPage": "parents_page",
    "PerspectivesPage": "perspectives_page",
    "StartPage": "start_page",
    "TrianglePage": "triangle_page",
}

__all__ = sorted(_WHERE)
__getattr__, __dir__ = lazy_names(__name__, _WHERE, globals())
