"""``jobmig --help`` in Japanese.

Help is printed while click parses the command line, before any command reads
``--lang``; so :func:`help_language` decides from the command line itself (a
``--lang ja``/``--lang=ja`` anywhere in it wins) and otherwise from the locale as
:func:`jobmig.i18n.resolve` does. :func:`translate` then rewrites the help texts of
the click command typer built (the command, every subcommand, every option and
argument, click's own ``--help``) from :data:`jobmig.help_ja.HELP_JA`, and the words
of the layout: typer's panel titles and its ``[required]``/``[default: …]`` marks
(module constants of ``typer.rich_utils``, read each time help is printed) and
click's ``Usage:`` (through the context's formatter class, click's hook for help
layout). The English help in ``cli.py`` stays the one source: the Japanese table is
keyed by it, and a test checks every help text has an entry.
"""
from __future__ import annotations

from typing import Iterator, Mapping, Sequence

# typer carries its own copy of click (not installed beside it)
from typer import _click as click
from typer._click.types import ParamType

from jobmig.help_ja import HELP_JA, LAYOUT_JA

EXAMPLE = "Example:"


def help_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """``ja`` or ``en``: the value of a valid ``--lang`` in ``argv``, else the locale's.

    A bad ``--lang`` value is left for the command to refuse (help stays in the
    locale's language)."""
    from jobmig.i18n import LANGS, resolve

    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and value.lower() in LANGS:
            return value.lower()
    return resolve(None, environ)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a help text as the Japanese table keys them."""
    return [part.strip("\n") for part in text.split("\n\n")]


def help_texts(command: click.Command) -> Iterator[str]:
    """Every English text of ``command``'s help that needs a Japanese entry: its
    paragraphs (not the ``Example:`` ones), its parameters' help, its subcommands'."""
    if command.help:
        for part in paragraphs(command.help):
            if not part.startswith(EXAMPLE):
                yield part
    for param in command.params:
        text = getattr(param, "help", None)
        if text and not getattr(param, "hidden", False):
            yield text
    for sub in getattr(command, "commands", {}).values():
        yield from help_texts(sub)


def _paragraph_ja(part: str) -> str:
    if part.startswith(EXAMPLE):
        return LAYOUT_JA[EXAMPLE] + part[len(EXAMPLE):]
    return HELP_JA.get(part, part)


class _JapaneseFormatter(click.HelpFormatter):
    """click's help formatter with the usage line's prefix in Japanese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, LAYOUT_JA["Usage:"] + " " if prefix is None else prefix)


def translate(command: click.Command) -> click.Command:
    """``command`` (and its subcommands) with Japanese help, changed in place; the
    layout words of typer's help panels are set to Japanese for this process."""
    import typer.rich_utils as panels

    panels.ARGUMENTS_PANEL_TITLE = LAYOUT_JA["Arguments"]
    panels.OPTIONS_PANEL_TITLE = LAYOUT_JA["Options"]
    panels.COMMANDS_PANEL_TITLE = LAYOUT_JA["Commands"]
    panels.REQUIRED_LONG_STRING = LAYOUT_JA["[required]"]
    panels.DEFAULT_STRING = LAYOUT_JA["[default: {}]"]
    _translate(command)
    return command


def _translate(command: click.Command) -> None:
    context_class = command.context_class

    class JapaneseContext(context_class):  # type: ignore[valid-type, misc]
        formatter_class = _JapaneseFormatter

    command.context_class = JapaneseContext
    if command.help:
        command.help = "\n\n".join(_paragraph_ja(part) for part in paragraphs(command.help))
    helper = command.get_help_option(click.Context(command))
    for param in [*command.params, *([helper] if helper else [])]:
        text = getattr(param, "help", None)
        if text:
            param.help = HELP_JA.get(text, text)  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        _translate(sub)


def plain_type_column() -> None:
    """Leave typer's type column empty for an argument, whose name column already says
    what it takes (``PATH...``, ``code``; typer adds ``<str>``). Options keep their
    metavar or their valid values (``auto|on|off``); typer itself leaves flags blank.

    typer has no setting for this: the help panel shows what an argument's type gives
    as its metavar, so each argument's type is wrapped in one that gives none. Done
    once, and only when help is asked for (:func:`jobmig.cli.main`): help ends the
    process before any argument is converted, and the wrapper converts as its type
    would anyway."""
    from typer.core import TyperArgument

    if getattr(TyperArgument, "_jobmig_plain", False):
        return
    built = TyperArgument.__init__

    def init(self: TyperArgument, *args: object, **kwargs: object) -> None:
        built(self, *args, **kwargs)
        self.type = _NoTypeColumn(self.type)

    TyperArgument.__init__ = init  # type: ignore[method-assign]
    TyperArgument._jobmig_plain = True  # type: ignore[attr-defined]


class _NoTypeColumn(ParamType):
    """``inner`` as it is, except that it gives help no metavar (an empty type column)."""

    def __init__(self, inner: ParamType) -> None:
        self.inner = inner
        self.name = inner.name

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return ""

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> object:
        return self.inner.convert(value, param, ctx)
