"""One palette: the figures, the pages' CSS and the report's CSS use the same colours."""

import re
from pathlib import Path

from betrokkenheid import palette
from betrokkenheid._paths import assets_dir

HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")
PLOTS = Path(palette.__file__).parent / "plots"


def _root_colours(css: str) -> dict[str, str]:
    """The colour variables (``--btk-…: #rrggbb``) of a style sheet's ``:root`` rule."""
    (root,) = re.findall(r":root\s*\{([^}]*)\}", css)
    return {
        name: value.lower()
        for name, value in re.findall(r"(--btk-[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b", root)
    }


def _without_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


class TestPalette:
    def test_colours_are_lower_case_hex(self):
        """Every colour is a lower-case #rrggbb string, as to_hex and the CSS write it."""
        colours = [
            value
            for name, value in vars(palette).items()
            if name.isupper() and isinstance(value, str) and name != "SCALE"
        ]
        colours += [*palette.SERIES, *palette.CONTEXT.values(), *palette.CONTEXT_TEXT.values()]
        colours += list(palette.CSS_VARIABLES.values())
        assert colours and all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)

    def test_names_in_all(self):
        """``__all__`` lists every public name, sorted."""
        public = {name for name in vars(palette) if name.isupper()}
        assert set(palette.__all__) == public
        assert palette.__all__ == sorted(palette.__all__)


class TestOneSource:
    def test_workbook_css_variables_are_the_palette(self):
        """The colour variables of assets/workbook.css have exactly the palette's values."""
        css = (assets_dir() / "workbook.css").read_text("utf-8")
        assert _root_colours(css) == palette.CSS_VARIABLES

    def test_report_css_uses_the_variables(self):
        """assets/report.css names only variables workbook.css defines, and its one literal
        colour (where WeasyPrint resolves no var(): the page's margin boxes) is --btk-muted."""
        css = _without_comments((assets_dir() / "report.css").read_text("utf-8"))
        workbook = (assets_dir() / "workbook.css").read_text("utf-8")
        defined = set(re.findall(r"(--btk-[\w-]+)\s*:", workbook))
        used = set(re.findall(r"var\((--btk-[\w-]+)\)", css))
        assert used and used <= defined
        assert "var(--btk-accent)" in css and "var(--btk-paper)" in css
        assert {c.lower() for c in HEX.findall(css)} == {palette.MUTED}
        page = css[css.index("@page {") : css.index("@page :first")]
        assert page.count(palette.MUTED) == 3

    def test_plots_write_no_colour_of_their_own(self):
        """No plot module has a hex colour literal: each takes its colours from the palette."""
        modules = sorted(PLOTS.glob("*.py"))
        assert len(modules) >= 5
        for module in modules:
            assert not HEX.findall(module.read_text("utf-8")), module.name
