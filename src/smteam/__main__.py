"""``python -m smteam``: the same as the ``smteam`` command."""

from smteam.cli import main

main()
