"""Scoring: validated models in, frozen results out; pure functions that never print.

``scores`` (one candidate's points), ``ranking``, ``explain`` and ``calibration`` (panels),
``team`` and ``teamreport`` (building a team), ``coverage`` (who holds each skill).

May import: the base modules, ``smteam.reading`` and ``smteam.checking``.
"""
