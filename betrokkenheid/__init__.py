"""betrokkenheid: a reflection workbook from parental involvement to partnership.

One front door for researchers. Names are imported lazily, when first used, so that
``import betrokkenheid`` stays fast: pandas, SciPy, SQLAlchemy, pydantic, networkx and
matplotlib load only when a function needs them.

What is here
------------
frames
    :func:`load_frame`, :func:`list_frames`, :func:`frame_paths` (your own folder of frames
    in ``$BETROKKENHEID_FRAMES``), :func:`frame_schema` (the JSON Schema of a frame file).
answers
    :class:`Store` (a database file or URL), :func:`answers_frame` (answers as a tidy pandas
    DataFrame, from a database or JSON exports), :func:`check_answers`, :func:`make_demo`,
    :func:`followup_table` (a later session's look back at its baseline's action plan).
statistics
    :func:`scale_items`, :func:`scale_scores`, :func:`cronbach_alpha`, :func:`rwg`,
    :func:`change`, :func:`role_differences`, :func:`team_triangle`; :data:`MIN_GROUP`.
voices
    :func:`parents_voice` (what parents say beside the team), :func:`three_voices` and
    :func:`three_voices_table` (the team, parents and children per side of the triangle).
comparing frames
    :func:`compare_frames`, :func:`map_frame`, :func:`frame_units`, :func:`load_mapping`,
    :func:`mapping_paths`.
figures
    :func:`draw_triangle`, :func:`draw_gap`, :func:`draw_radar`, :func:`draw_tree`,
    :func:`draw_status`, :func:`draw_votes`, :func:`draw_three_voices`,
    :func:`draw_item_voices` (each takes ``ax=None`` and returns the Axes),
    :func:`figure_png`, :func:`figure_svg`; layout helpers for pages stay in
    :mod:`betrokkenheid.plots`.

Examples
--------
>>> import betrokkenheid as btk
>>> btk.load_frame("betrokkenheidsboom").id
'betrokkenheidsboom'
>>> btk.MIN_GROUP
3
"""

from ._lazy import lazy_names

__version__ = "0.1.0"

_WHERE = {
    "Actor": "terms",
    "Answer": "store",
    "Comparison": "compare",
    "Context": "terms",
    "Frame": "model",
    "FrameMapping": "compare",
    "GroupScore": "analysis",
    "InputError": "errors",
    "MIN_GROUP": "privacy",
    "Measurement": "terms",
    "PartnershipTriangle": "model",
    "Participant": "store",
    "Role": "terms",
    "Session": "store",
    "Store": "store",
    "Text": "model",
    "answers_frame": "data",
    "change": "stats",
    "check_answers": "data",
    "compare_frames": "compare",
    "cronbach_alpha": "stats",
    "draw_gap": "plots",
    "draw_radar": "plots",
    "draw_status": "plots",
    "draw_tree": "plots",
    "draw_triangle": "plots",
    "followup_table": "exercises.followup",
    "draw_votes": "plots",
    "draw_voices": "plots",  # what parents say beside the team (issue 12)
    "parents_voice": "voices",
    "draw_item_voices": "plots",  # the three voices of the triangle (issue 13)
    "draw_three_voices": "plots",
    "three_voices": "triangle_voices",
    "three_voices_table": "triangle_voices",
    "figure_png": "plots",
    "figure_svg": "plots",
    "frame_paths": "frames",
    "frame_schema": "_schema",
    "frame_units": "compare",
    "list_frames": "frames",
    "load_frame": "frames",
    "load_mapping": "compare",
    "make_demo": "demo",
    "map_frame": "compare",
    "mapping_paths": "compare",
    "role_differences": "stats",
    "rwg": "stats",
    "scale_items": "stats",
    "scale_scores": "stats",
    "team_triangle": "exercises.triangle",
}

__all__ = sorted(_WHERE)
__getattr__, __dir__ = lazy_names(__name__, _WHERE, globals())
