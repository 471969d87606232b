"""Where the ``smteam`` console script starts: it answers ``--version`` before loading the
command line at all (typer and every command's options), and hands anything else to it."""

from __future__ import annotations

import gc
import os
import sys
from typing import NoReturn


def main() -> None:
    """Entry point of the ``smteam`` console script and of ``python -m smteam``."""
    # One command, then the process ends (see smteam.cli.main): the cycle collector would
    # only walk the objects that importing typer, pydantic and rich builds, some thirty times
    # before the command line turns it off.
    gc.disable()
    if sys.argv[1:] == ["--version"]:
        from smteam import __version__
        from smteam.stdout import write_stdout

        try:
            write_stdout(f"smteam {__version__}\n".encode())
        except Exception as error:  # an OutputError; its class would cost start-up to import
            sys.stderr.write(f"smteam: {error}\n")
            sys.exit(1)
        return
    from smteam.cli import main as run

    try:
        run()
    except SystemExit as stop:
        leave(stop)


def leave(stop: SystemExit) -> NoReturn:
    """End the process with ``stop``'s exit code once the output is flushed, without taking
    the interpreter apart first: freeing every module and object that typer, pydantic and rich
    built takes a twentieth of a small ranking's time, and the process is ending anyway. Only
    what smteam writes (files written whole, then closed; standard output and error) has to
    reach its place. Anything unusual (an exit message, an output that cannot be flushed) is
    left to Python's own exit, which says it."""
    code = stop.code
    if code is not None and not isinstance(code, int):
        raise stop
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise stop from None
    os._exit(code or 0)
