"""Reading: bytes in, plain values out, each with the line and column it came from.

Where inputs come from (files, folders, stdin, built-in rubrics: ``sources``), and one reader
per format: ``yamlfile``, ``csvfile``, ``jsonfile``; ``scalars`` reads one value's text and
``wording`` words what a reader found. Nothing here knows a rubric's or a candidate's shape.

May import: the base modules (``errors``, ``choices``, ``text``, ``limits``, ``stdout``).
"""
