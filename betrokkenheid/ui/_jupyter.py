"""The two private names of ipykernel and ipywidgets that the pages use, and why; nothing
else in the package reaches into Jupyter's internals.

* ipywidgets' ``_dom_classes`` at construction: a widget made with its CSS classes goes to
  the browser in one message; ``add_class`` afterwards sends a second one for each widget, and
  a page has hundreds (see ``Page.small``).
* ipykernel's ``_publish_status``: the pages make their questions right after their cell,
  and say *busy* meanwhile, as while a cell runs, so that ``betrokkenheid serve`` connects a
  browser only once every widget is out (see :mod:`betrokkenheid.serve`). There is no public
  way to say so outside a cell.

Should either name change in a later release, this module is the one place to mend.
"""

from __future__ import annotations

__all__ = ["publish_status", "with_classes"]


def with_classes(cls, classes, **traits):
    """A widget of ``cls`` with its CSS classes set at once (one message, not two)."""
    return cls(**traits, _dom_classes=tuple(classes))


def publish_status(state: str) -> bool:
    """Tell the browser the kernel is ``busy`` or ``idle``, as around a cell; whether that
    could be said (False outside a kernel)."""
    from IPython import get_ipython

    kernel = getattr(get_ipython(), "kernel", None)
    say = getattr(kernel, "_publish_status", None)
    if say is None:
        return False
    say(state, "shell")
    return True
