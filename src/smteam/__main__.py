"""``python -m smteam``: the same as the ``smteam`` command."""

from smteam.launch import main

main()
