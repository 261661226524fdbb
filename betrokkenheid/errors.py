"""The one exception type a user of the workbook can cause."""

__all__ = ["InputError"]


class InputError(ValueError):
    """Bad input from outside: a frame file, an import, a form field or a URL parameter.

    The message always names *what* was wrong and *where* (a file, a key, a line, a field).

    Parameters
    ----------
    source : str
        What was read: a file name, a form field, a URL parameter.
    problem : str
        What is wrong, in one short sentence.
    where : str, optional
        Where in the source: a key path, a line, a row.
    reason : str, optional
        A short word for what went wrong, for a page that says it in the visitor's language
        (not part of the message).

    Examples
    --------
    >>> str(InputError("frame.yaml", "unknown key 'colour'", where="line 4"))
    "frame.yaml, line 4: unknown key 'colour'"
    """

    def __init__(
        self, source: str, problem: str, where: str | None = None, *, reason: str | None = None
    ):
        self.source = source
        self.problem = problem
        self.where = where
        self.reason = reason
        place = f"{source}, {where}" if where else source
        super().__init__(f"{place}: {problem}")
