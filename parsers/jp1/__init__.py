"""Hitachi JP1/AJS3 unit definitions (``ajsprint`` exports).

:mod:`.units` is the format module of :mod:`jobmig.parsers`; it reads the
grammar through :mod:`.syntax`, the unit types through :mod:`.types` and the
schedule rules and calendars through :mod:`.rules`.
"""
