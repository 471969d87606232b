"""Where the ``smteam`` console script starts: it answers ``--version`` before loading the
command line at all (typer and every command's options), and hands anything else to it."""

from __future__ import annotations

import gc
import sys


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

    run()
