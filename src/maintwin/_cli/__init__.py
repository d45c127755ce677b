"""The ``maintwin`` command line (also ``python -m maintwin``): a thin layer over the library.

It is the edge where the real clock is read (``--now`` defaults to it), files are read and
written, and errors become messages and exit codes; the library below stays pure.
"""

from .main import main

__all__ = ["main"]
