"""The trainer's guide as a page (*gids voor de begeleider*): ``08_gids``.

The same guide as ``betrokkenheid guide`` writes (:mod:`betrokkenheid.guide`), in the page's
language (``?lang=en``), with the NL/EN switch of every page's header. It reads no database.
"""

from __future__ import annotations

import ipywidgets as ipw

from ._common import LANGUAGES, Page, guarded, query_params, style

__all__ = ["GuidePage"]


class GuidePage(Page):
    """The trainer's guide page: the steps of the day, the plans and the glossary.

    Examples
    --------
    >>> page = GuidePage(language="en")
    >>> "Trainer&#x27;s guide" in page.header.title.value, "Opening the talk" in page.guide.value
    (True, True)
    >>> page.model.language = "nl"
    >>> "Het gesprek openen" in page.guide.value
    True
    """

    title_key = "page_guide"

    def __init__(self, store=None, language: str | None = "nl"):
        known = dict(LANGUAGES).values()
        super().__init__(store, language if language in known else "nl")
        self.guide = ipw.HTML()
        self.guide.add_class("btk-guide-page")
        self.children = [style(), self.header, self.message, self.guide]
        self.relabel()

    @classmethod
    def from_request(cls, store=None) -> GuidePage:
        """The page for ``?lang=nl`` (or ``en``); no session or code is needed."""
        return cls(store, query_params().get("lang", "nl"))

    @guarded
    def relabel(self) -> None:
        from ..guide import guide_html

        self.guide.value = guide_html(self.model.language, whole=False)
