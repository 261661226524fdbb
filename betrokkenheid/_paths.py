"""Where the package's files are: inside an installed wheel, or in a source checkout."""

from pathlib import Path

__all__ = ["assets_dir", "jupyter_dir", "notebooks_dir"]

_HERE = Path(__file__).parent


def _find(packaged: str, in_checkout: str) -> Path:
    inside = _HERE / packaged
    return inside if inside.is_dir() else _HERE.parent / in_checkout


def assets_dir() -> Path:
    """The CSS and images of pages and reports."""
    return _find("_assets", "assets")


def jupyter_dir() -> Path:
    """A Jupyter data folder (for ``JUPYTER_PATH``) with the pages' Voila template."""
    return _HERE / "_jupyter"


def notebooks_dir() -> Path:
    """The Voila pages."""
    return _find("_notebooks", "notebooks")
