"""The colours of the figures, the pages and the report: one palette, named by meaning.

The figures (:mod:`betrokkenheid.plots`) take their colours from here by name. The pages and
the report take theirs from the CSS variables in ``assets/workbook.css`` (``--btk-ink``, …):
:data:`CSS_VARIABLES` holds the same values, and a test keeps the two the same. A colour is a
lower-case ``#rrggbb`` string, as matplotlib's ``to_hex`` and the CSS write it.

Everything told apart by colour is also told apart by shape or line style, and the series
is Okabe and Ito's, safe for colour-blind readers.

Examples
--------
>>> from betrokkenheid import palette
>>> palette.TEAM, palette.ME, palette.CONTEXT["home"]
('#0072b2', '#d55e00', '#e69f00')
>>> palette.CSS_VARIABLES["--btk-accent"] == palette.ACCENT
True
"""

__all__ = [
    "ACCENT",
    "ACCENT_SOFT",
    "AXIS",
    "BASELINE",
    "BLUE",
    "BOX_EDGE",
    "CONTEXT",
    "CONTEXT_TEXT",
    "CONTEXT_UNKNOWN",
    "CSS_VARIABLES",
    "EMPTY",
    "EMPTY_TEXT",
    "FOCUS",
    "GAP",
    "GREEN",
    "GRID",
    "GRID_LIGHT",
    "GROUND",
    "IMPORTANT",
    "IMPORTANT_EDGE",
    "INK",
    "LINE",
    "ME",
    "MISSING_TEXT",
    "MUTED",
    "OK",
    "ORANGE",
    "OUTLINE",
    "PAPER",
    "SCALE",
    "SERIES",
    "SOFT",
    "TEAM",
    "TEXT",
    "TEXT_SOFT",
    "TEXT_SOFTER",
    "VERMILLION",
    "WANTED",
    "WARN",
    "WARN_SOFT",
    "WOOD",
    "ZERO",
]

# --- the colour-blind-safe series (Okabe & Ito) ----------------------------------------------
BLUE = "#0072b2"
ORANGE = "#e69f00"
GREEN = "#009e73"
VERMILLION = "#d55e00"
SERIES = (BLUE, ORANGE, GREEN, VERMILLION)
SCALE = "cividis"  # the colormap of a score, low to high: dark blue to yellow, safe in grey too

# --- pages and report: the values of the CSS variables in assets/workbook.css -----------------
INK = "#1d2433"  # text
MUTED = "#4f5b6e"  # secondary text; the report's page header and footer
PAPER = "#ffffff"  # the paper, and the background of every figure
SOFT = "#f3f5f8"  # the page around the paper, a quiet box
LINE = "#d5dbe3"  # rules and borders
ACCENT = "#00468b"  # dark blue: headings, buttons
ACCENT_SOFT = "#e3eef9"
OK = "#1b6b3a"
WARN = "#8a4b00"
WARN_SOFT = "#fdf2e3"
FOCUS = "#b34700"  # the focus ring: 5:1 on the paper and on the page (WCAG 2.4.11)

CSS_VARIABLES = {
    "--btk-ink": INK,
    "--btk-muted": MUTED,
    "--btk-paper": PAPER,
    "--btk-soft": SOFT,
    "--btk-line": LINE,
    "--btk-accent": ACCENT,
    "--btk-accent-soft": ACCENT_SOFT,
    "--btk-ok": OK,
    "--btk-warn": WARN,
    "--btk-warn-soft": WARN_SOFT,
    "--btk-focus": FOCUS,
}

# --- figures: what a colour stands for -------------------------------------------------------
TEAM = BLUE  # the team: median line and band, round dots, bars of votes
ME = VERMILLION  # one person's own placement: dashed line, square markers
WANTED = GREEN  # the level a team wants to reach: dash-dotted line, triangles
BASELINE = "#6b6b6b"  # the baseline (nulmeting): grey, told apart by line style and markers
IMPORTANT = ORANGE  # how important a statement is: diamonds
IMPORTANT_EDGE = "#5a3d00"  # the diamonds' edge
# where an activity happens: orange for home, blue for school (they differ in lightness too,
# for print), green for the neighbourhood; and the colour of a leaf's text on each
CONTEXT = {"home": ORANGE, "school": BLUE, "neighbourhood": GREEN}
CONTEXT_TEXT = {"home": "#1a1a1a", "school": PAPER, "neighbourhood": PAPER}
CONTEXT_UNKNOWN = "#bbbbbb"
WOOD = "#7a5c43"  # the tree's trunk and branches
EMPTY = "#9a9a9a"  # what has nothing yet: a bare branch, a relation without a score
EMPTY_TEXT = "#6f6f6f"  # a bare branch's texts, dark enough to read
MISSING_TEXT = "#767676"  # a statement no one answered: still 4.5:1 on the paper

TEXT = "#222222"  # text and dark marks in figures
TEXT_SOFT = "#444444"  # the words of a scale under or beside a figure
TEXT_SOFTER = "#555555"  # level names on the radar's rings, gaps that are not the largest
OUTLINE = "#333333"  # the triangle's actors
BOX_EDGE = "#cccccc"  # the edge of a value's box on the triangle
GRID = "#d0d0d0"  # the radar's rings and spokes
GRID_LIGHT = "#e6e6e6"  # the gap plot's vertical grid
AXIS = "#999999"  # an axis line
GAP = "#c4c4c4"  # the thick line between two dots of one statement
GROUND = "#b5b5b5"  # the ground the tree stands on
ZERO = "#c8ced6"  # a bar of no votes
