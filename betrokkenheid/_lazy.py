"""Names of a package that are imported when first used (PEP 562)."""

from __future__ import annotations

from importlib import import_module


def lazy_names(package: str, where: dict[str, str], namespace: dict):
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose names in ``where`` (name →
    module inside the package) are imported on first use and then kept in ``namespace``.

    Examples
    --------
    >>> getattr_, dir_ = lazy_names("betrokkenheid", {"load_frame": "frames"}, {})
    >>> getattr_("load_frame").__name__
    'load_frame'
    """

    def __getattr__(name):
        if name in where:
            value = getattr(import_module(f".{where[name]}", package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__():
        return sorted(list(namespace) + list(where))

    return __getattr__, __dir__
