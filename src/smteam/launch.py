"""Where the ``smteam`` console script starts: it answers ``--version`` before loading the
command line at all (typer and every command's options), and hands anything else to it."""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``smteam`` console script and of ``python -m smteam``."""
    if sys.argv[1:] == ["--version"]:
        from smteam import __version__

        sys.stdout.write(f"smteam {__version__}\n")
        return
    from smteam.cli import main as run

    run()
