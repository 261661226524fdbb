"""betrokkenheid: a reflection workbook from parental involvement to partnership.

One front door. Names are imported lazily, when first used, so that ``import betrokkenheid``
stays fast: SQLAlchemy, pydantic, networkx and matplotlib load only when needed.

Examples
--------
>>> import betrokkenheid as btk
>>> btk.load_frame("betrokkenheidsboom").id
'betrokkenheidsboom'
"""

from importlib import import_module

__version__ = "0.1.0"

_WHERE = {
    "Actor": "model",
    "Answer": "store",
    "Context": "model",
    "Frame": "model",
    "InputError": "errors",
    "Measurement": "model",
    "PartnershipTriangle": "model",
    "Participant": "store",
    "Role": "model",
    "Session": "store",
    "Store": "store",
    "Text": "model",
    "draw_triangle": "plots",
    "GroupScore": "analysis",
    "list_frames": "frames",
    "load_frame": "frames",
    "team_triangle": "analysis",
}

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'betrokkenheid' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
