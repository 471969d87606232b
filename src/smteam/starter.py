"""The files ``smteam init`` writes: a candidates file to fill in, and optionally a custom rubric.
Both validate as written (a test makes sure)."""

from __future__ import annotations

from typing import Final

CANDIDATES_FILE: Final = "candidates.yaml"
RUBRIC_FILE: Final = "rubric.yaml"

_HEADER: Final = """\
# Candidates for your social media team: one entry per person, rated on every trait of the
# rubric. Write what you saw in the notes, so the ranking can be explained later.
"""

_BUILTIN: Final = """\
rubric: five-core-skills
candidates:
  - name: First Candidate
    department: Customer Service
    ratings:                  # 1 no evidence, 2 limited, 3 solid, 4 strong, 5 exceptional
      empathy: 4
      transparency: 3
      responsiveness: 5
      adaptability: 3
      connectedness: 4
    notes:
      responsiveness: "Answers the support inbox within the hour, weekends included"
  - name: Second Candidate
    department: Marketing
    ratings:
      empathy: 3
      transparency: 4
      responsiveness: 3
      adaptability: 5
      connectedness: 4
"""

_CUSTOM: Final = """\
rubric: rubric.yaml
candidates:
  - name: First Candidate
    department: Customer Service
    ratings:                  # 1 no evidence ... 5 exceptional, as rubric.yaml says
      responsiveness: 5
      empathy: 4
      writing: 3
    notes:
      writing: "Drafted the outage updates; clear but long"
  - name: Second Candidate
    department: Marketing
    ratings:
      responsiveness: 3
      empathy: 4
      writing: 5
"""

RUBRIC_TEMPLATE: Final = """\
# A custom rubric: rename it, and change, add or remove traits to fit the role.
#   smteam rubrics show rubric.yaml      shows the traits and their weights as percentages
name: my-team-rubric
title: My social media team
description: >-
  What this rubric is for and where its traits come from.
scale:
  min: 1
  max: 5
  labels: {1: no evidence, 2: limited, 3: solid, 4: strong, 5: exceptional}
traits:
  - id: responsiveness          # a built-in trait id: ratings on it serve the built-in rubrics too
    label: Responsiveness
    weight: 2                   # any number above 0; shares of the total are what count
    group: customers            # optional: groups give subtotal columns
    description: >-
      Replies quickly and fully when a customer or colleague needs them.
  - id: empathy
    label: Empathy
    weight: 2
    group: customers
    minimum: 3                  # optional must-have: rated below 3, a candidate is not eligible
    description: >-
      Puts the customer first, and it shows in how they handled difficult conversations.
  - id: writing
    label: Clear writing
    weight: 1
    group: craft
    description: >-
      Writes short, plain, friendly posts and replies that sound like a person.
"""


def starter_candidates(*, custom_rubric: bool) -> str:
    """A candidates file on the built-in five-core-skills rubric, or on ``rubric.yaml``."""
    rubric = RUBRIC_FILE if custom_rubric else "five-core-skills"
    commands = [
        (f"smteam validate {CANDIDATES_FILE}", "checks it, every problem with its line"),
        (f"smteam rank {CANDIDATES_FILE}", "ranks the candidates"),
        (f"smteam rubrics show {rubric}", "shows each trait and what to look for"),
    ]
    width = max(len(command) for command, _ in commands) + 3
    hints = "".join(f"#   {command.ljust(width)}{what}\n" for command, what in commands)
    return _HEADER + hints + (_CUSTOM if custom_rubric else _BUILTIN)
