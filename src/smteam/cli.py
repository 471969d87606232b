"""The ``smteam`` command: options in, output and an exit code out.

This module stays light: it imports only typer at start-up, and each command imports the core
when it runs, so ``smteam --version`` and ``--help`` are quick.
"""

# No ``from __future__ import annotations`` here: typer reads each command's annotations
# when it builds the command, and annotations kept as strings it compiles again, every one of
# them, two and three times over, on every run. Names imported for type checking only are
# written in quotes instead.

import copy
import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo

from smteam import (
    Aggregate,
    InputFormat,
    MissingPolicy,
    OutputFormat,
    SchemaKind,
    TeamFormat,
    ViewFormat,
    __version__,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import ProgressColumn
    from typer.models import CommandFunctionType

    from smteam import FormatOptions, Problem, SmteamError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BAR_NOT_MET = 3

_HELP = {"help_option_names": ["-h", "--help"]}


# Typer may bring click in under another name (typer._click): find its error class from
# one it exports, BadParameter.
_CLICK_ERROR: type[Any] = next(
    (c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"),
    typer.BadParameter,
)


@contextmanager
def _inert_usage_errors() -> Iterator[None]:
    """Show a usage error's user text (an unknown command, a bad option value, an extra
    argument) with escapes, as every other message: it goes to the same terminal."""
    try:
        yield
    except _CLICK_ERROR as error:
        from smteam import terminal_safe

        # Typer checks a choice with pydantic, whose "Value error, " says nothing to a user.
        message = str(error.message).removeprefix("Value error, ")
        error.message = terminal_safe(message)
        raise


class _Commands(TyperGroup):
    """smteam's commands, whose usage errors never carry raw control or invisible characters."""

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        ctx.meta[_ARGS] = tuple(args)  # for --show-completion SHELL: see _completion
        return super().parse_args(ctx, args)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        with _inert_usage_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        with _inert_usage_errors():  # a command's own options are parsed in here
            return super().invoke(ctx)


def _argument_name(argument: TyperArgument) -> str:
    """An argument as help names it: its metavar (else its name in capitals), with ``...``
    after it when it takes several. Typer's own adds braces and a type (``{FILE...}...``,
    ``FILE... <list[str]>``)."""
    name = argument.metavar or (argument.name or "").upper()
    if argument.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name


class _Command(TyperCommand):
    """A command whose help names its arguments plainly: ``Usage: smteam rank [OPTIONS]
    FILE...``, and ``FILE...  Candidates files; ...`` under Arguments."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_argument_name(param), record[1]))
            elif param.param_type_name == "option":
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class _App(typer.Typer):
    """smteam's Typer: every command it makes is a :class:`_Command`."""

    def command(
        self, *args: Any, **kwargs: Any
    ) -> Callable[["CommandFunctionType"], "CommandFunctionType"]:
        kwargs.setdefault("cls", _Command)
        return super().command(*args, **kwargs)


app = _App(
    cls=_Commands,
    name="smteam",
    help=(
        "Rank candidates for a social media team on weighted rubrics drawn from five articles "
        "about social media teams, and show why."
    ),
    epilog="Exit codes: 0 success, 1 invalid input, 2 usage error, 3 the bar was not met.",
    context_settings=_HELP,
    no_args_is_help=True,
    add_completion=False,  # main_options has its own: see _completion
    add_help_option=False,  # main_options has its own; see there
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
rubrics_app = _App(
    help="List the built-in rubrics (the default), or show one rubric's traits.",
    context_settings=_HELP,
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(rubrics_app, name="rubrics")


def _stderr_line(text: str) -> None:
    """One line on stderr, user text in it shown with escapes (see ``terminal_safe``); it
    cannot fail to encode, and a closed stderr leaves only the exit code to speak."""
    from smteam import terminal_safe

    line = terminal_safe(text) + "\n"
    try:
        encoding = getattr(sys.stderr, "encoding", None) or "utf-8"
        sys.stderr.write(line.encode(encoding, "backslashreplace").decode(encoding, "replace"))
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):
        pass  # stderr is closed too: the exit code is all there is left to say it


def report(problems: Iterable["Problem"], *, quiet: bool = False) -> int:
    """Print problems to stderr, one line each (warnings only when not ``quiet``); return how
    many were errors."""
    errors = 0
    for problem in problems:
        if problem.severity == "error":
            errors += 1
        elif quiet:
            continue
        _stderr_line(str(problem))
    return errors


def fail(error: "SmteamError", *, undone: str = "") -> NoReturn:
    """Print the error's problems, a count of them saying what was ``undone``, and exit."""
    errors = report(error.problems)
    if errors and undone:
        _stderr_line(f"smteam: {errors} error{'s' if errors != 1 else ''}; {undone}.")
    raise typer.Exit(error.exit_code)


@contextmanager
def reported(undone: str = "") -> Iterator[None]:
    """Turn smteam's errors into their messages and exit codes."""
    from smteam import InputError, SmteamError

    try:
        yield
    except SmteamError as error:
        fail(error, undone=undone if isinstance(error, InputError) else "")


def write_stdout(text: str) -> None:
    """Write text as UTF-8 whatever the locale says, so names keep their accents; a failure
    to write ends the command with one line and exit code 1."""
    from smteam import OutputError
    from smteam import write_stdout as write_bytes

    try:
        # Escaping has already turned user text into plain characters; should a lone surrogate
        # (a byte of a non-UTF-8 file name) get through all the same, it is shown, not fatal.
        write_bytes(text.encode("utf-8", errors="backslashreplace"))
    except OutputError as error:
        fail(error)


def _version(value: bool) -> None:
    if value:
        write_stdout(f"smteam {__version__}\n")
        raise typer.Exit(EXIT_OK)


_ARGS = "smteam.args"
SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
COMPLETE_VAR = "_SMTEAM_COMPLETE"
"""The variable a completion script sets when it asks smteam for completions."""


def _completion(ctx: typer.Context, param: Any, value: bool) -> None:
    """--install-completion and --show-completion, with the shell named after them or found.

    Typer's own options take a value that is never a bool, and checking it loads pydantic on
    every run (--help too); these are plain flags, and the shell is the word after the flag."""
    if not value or ctx.resilient_parsing:
        return
    from typer._completion_classes import completion_init
    from typer.completion import install_callback, show_callback

    completion_init()
    args = list(ctx.meta.get(_ARGS, ()))
    flag = next(name for name in param.opts if name in args)
    after = args[args.index(flag) + 1 : args.index(flag) + 2]
    shell: str | bool = after[0] if after and after[0] in SHELLS else True
    if param.name == "install_completion":
        install_callback(ctx, param, shell)
    else:
        show_callback(ctx, param, shell)


def _help(ctx: typer.Context, value: bool) -> None:
    if value:
        write_stdout(ctx.get_help() + "\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    show_help: Annotated[
        bool,
        typer.Option(
            "--help",
            "-h",
            callback=_help,
            is_eager=True,
            expose_value=False,
            help="Show this message and exit.",
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=_completion,
            is_eager=True,
            expose_value=False,
            help="Install tab completion for your shell: the one named after it (bash, zsh, "
            "fish, powershell), else the one you run.",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            callback=_completion,
            is_eager=True,
            expose_value=False,
            help="Print the completion script for a shell (named after it, else yours), to "
            "install it yourself.",
        ),
    ] = False,
) -> None:
    """Rank candidates for a social media team on weighted rubrics, and show why."""


def _stdin_once(files: list[str]) -> list[str]:
    """FILE... as given, when ``-`` is among them at most once: standard input can be read
    only once, and a second ``-`` would read as an empty file."""
    if files.count("-") > 1:
        raise typer.BadParameter("- (standard input) is given more than once; give it once")
    return files


InputsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="FILE...",
        help="Candidates files; a folder stands for its .yaml, .yml, .csv, .json, .jsonl and "
        ".ndjson files; - reads stdin.",
        show_default=False,
        callback=_stdin_once,
    ),
]
RubricOption = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        metavar="NAME|PATH",
        help="Built-in rubric name or path to a rubric file; overrides the files' 'rubric:' "
        "(default: social-media-lead).",
    ),
]
MissingOption = Annotated[
    MissingPolicy,
    typer.Option(
        "--missing",
        help="A missing rating is an error (error), or scores over the rated traits only "
        "(skip), or counts as the bottom of the scale (min).",
        case_sensitive=False,
    ),
]
StrictOption = Annotated[
    bool,
    typer.Option("--strict", help="Treat warnings (an unknown department) as errors."),
]
AggregateOption = Annotated[
    Aggregate,
    typer.Option(
        "--aggregate",
        help="How a panel's ratings of a trait combine: their mean or their median.",
        case_sensitive=False,
    ),
]
DisagreementOption = Annotated[
    int,
    typer.Option(
        "--disagreement",
        min=1,
        metavar="N",
        help="Flag a trait whose ratings across raters spread N scale points or more.",
    ),
]
BlindOption = Annotated[
    bool,
    typer.Option(
        "--blind",
        help="Anonymous ids (C01, C02, ... in file order) for names; hide departments, raters "
        "and notes, for a calibration session on the numbers alone.",
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="N",
        help="Refuse any input (a file, stdin, a rubric) larger than N bytes "
        "(default: 268435456, 256 MiB).",
        show_default=False,
    ),
]
MAX_BYTES = 256 * 1024 * 1024
"""The default of --max-bytes (smteam.reading.sources.DEFAULT_MAX_BYTES, not imported at
start-up)."""
InputFormatOption = Annotated[
    InputFormat,
    typer.Option(
        "--input-format",
        help="What standard input (-) holds; a file's extension says it for a file.",
        case_sensitive=False,
    ),
]
TopOption = Annotated[
    int | None,
    typer.Option(
        "--top",
        "-n",
        min=1,
        metavar="N",
        help="Show the candidates ranked N or better (ties at the cut stay in).",
    ),
]
EligibleOnlyOption = Annotated[
    bool,
    typer.Option("--eligible-only", help="Leave out candidates below a must-have trait's minimum."),
]
FormatOption = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: from the --output extension; else table on a "
        "terminal, text elsewhere).",
        case_sensitive=False,
    ),
]
ExcelOption = Annotated[
    bool,
    typer.Option("--excel", help="Start CSV with a byte order mark, so Excel reads UTF-8."),
]
PerRaterOption = Annotated[
    bool,
    typer.Option(
        "--per-rater",
        help="CSV with one row per candidate, rater and trait (rank, name, rater, "
        "recommendation, trait, label, rating, note), to audit a panel in a spreadsheet.",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print nothing but errors (files asked for are written)."),
]


def _output_format(chosen: OutputFormat | None, output: str | None) -> OutputFormat:
    """The format asked for; else the output file's extension; else a table on a terminal and
    plain text anywhere else."""
    from smteam import UsageError

    if chosen is not None:
        return chosen
    if output is not None and output != "-":
        from smteam import EXTENSIONS

        suffix = Path(output).suffix.lower()
        if suffix not in EXTENSIONS:
            known = ", ".join(sorted(EXTENSIONS))
            found = f"from {suffix!r}" if suffix else "from a name without an extension"
            raise UsageError(
                f"--output {output}: cannot tell the format {found}; use {known} or give --format"
            )
        return EXTENSIONS[suffix]
    stdout = sys.stdout
    return OutputFormat.TABLE if stdout is not None and stdout.isatty() else OutputFormat.TEXT


def _excel_needs_csv(excel: bool, fmt: OutputFormat | TeamFormat) -> None:
    """--excel marks a CSV file for Excel; asked for with another format, it would be ignored
    without a word."""
    if excel and fmt.value != "csv":
        from smteam import UsageError

        raise UsageError(f"--excel is for CSV output only, and the format is {fmt.value}")


def _per_rater_needs_csv(per_rater: bool, fmt: OutputFormat, stability: bool) -> None:
    """--per-rater is a CSV layout: refused, never ignored, with another format, and with
    --stability, whose columns have no place in it."""
    if not per_rater:
        return
    from smteam import UsageError

    if fmt is not OutputFormat.CSV:
        raise UsageError(f"--per-rater is for CSV output only, and the format is {fmt.value}")
    if stability:
        raise UsageError(
            "--per-rater has one row per rater and trait, with no place for --stability's "
            "columns: give one or the other"
        )


PROGRESS_FROM_BYTES = 4_000_000
"""YAML files this big take a second or more to read: show how far the reading has got."""


def progress_label(name: str) -> str:
    """What a progress bar says while ``name`` is read, user text escaped (the bar shows it as
    written, never as markup: see ``_progress_columns``)."""
    from smteam import terminal_safe

    return f"reading {terminal_safe(name)}"


def _progress_columns() -> list["ProgressColumn"]:
    """rich's usual columns, but with the label taken as plain text: a file named
    ``[link=...]`` or ``[reverse]`` is shown as it is named."""
    from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn

    return [
        TextColumn("{task.description}", style="progress.description", markup=False),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
    ]


@contextmanager
def _progress_bars(
    console: "Console | None" = None,
) -> Iterator[Callable[[str, int], Callable[[int, int], None] | None] | None]:
    """A progress bar on stderr (or ``console``) for each big YAML file, when stderr is a
    terminal (never in a pipe or a CI log); the bars go away when the reading is done."""
    if console is None:
        if sys.stderr is None or not sys.stderr.isatty():  # None: started with stderr closed
            yield None
            return
        from rich.console import Console

        console = Console(stderr=True)
    from rich.progress import Progress

    # Started with the first big file only: a started display hides the cursor (and shows it
    # again), codes that a run over small files has no reason to write.
    bars = Progress(*_progress_columns(), console=console, transient=True)
    started = False

    def progress_for(name: str, size: int) -> Callable[[int, int], None] | None:
        nonlocal started
        if size < PROGRESS_FROM_BYTES:
            return None
        if not started:
            bars.start()
            started = True
        task = bars.add_task(progress_label(name), total=None)

        def advance(done: int, total: int) -> None:
            bars.update(task, completed=done, total=total)

        return advance

    try:
        yield progress_for
    finally:
        if started:
            bars.stop()


def _terminal() -> tuple[int, bool]:
    """The width of standard output and whether colour codes are welcome there (rich reads
    NO_COLOR, TERM=dumb, FORCE_COLOR and COLUMNS)."""
    from rich.console import Console

    console = Console()
    color = console.is_terminal and console.color_system is not None and not console.no_color
    # A terminal that reports no width (COLUMNS=0, a serial console) would get an empty table.
    width = console.width if console.width > 0 else FALLBACK_WIDTH
    return width, color


FALLBACK_WIDTH = 80
"""The width of a terminal that reports none."""


@app.command()
def rank(
    files: InputsArgument,
    rubric: RubricOption = None,
    top: TopOption = None,
    output_format: FormatOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the ranking to this file, all at once, never over an input.",
        ),
    ] = None,
    excel: ExcelOption = False,
    per_rater: PerRaterOption = False,
    missing: MissingOption = MissingPolicy.ERROR,
    eligible_only: EligibleOnlyOption = False,
    strict: StrictOption = False,
    aggregate: AggregateOption = Aggregate.MEAN,
    disagreement: DisagreementOption = 2,
    blind: BlindOption = False,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="SCORE",
            help="Exit with 3 when fewer than --min-eligible eligible candidates score SCORE "
            "or more.",
        ),
    ] = None,
    min_eligible: Annotated[
        int | None,
        typer.Option(
            "--min-eligible",
            min=1,
            metavar="N",
            help="With --fail-under, how many must reach it (default 1); alone, how many "
            "eligible candidates there must be.",
        ),
    ] = None,
    quiet: QuietOption = False,
    max_bytes: MaxBytesOption = MAX_BYTES,
    input_format: InputFormatOption = InputFormat.YAML,
    stability: Annotated[
        bool,
        typer.Option(
            "--stability",
            help="Add how often each candidate ranks first and in the top N when the weights "
            "are sampled around the rubric's (SMAA-2), their mean rank and 90% rank range.",
        ),
    ] = False,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            min=1,
            max=1_000_000,
            metavar="N",
            help="With --stability, how many weight samples (default 10000).",
        ),
    ] = None,
    spread: Annotated[
        float | None,
        typer.Option(
            "--spread",
            min=0,
            max=1,
            metavar="S",
            help="With --stability, scale each weight by a random factor from 1-S to 1+S "
            "(default 0.25); 1 draws from all weightings alike.",
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            min=0,
            metavar="N",
            help="With --stability, the random seed (default 0): same seed, same numbers.",
        ),
    ] = None,
    rating_noise: Annotated[
        bool,
        typer.Option(
            "--rating-noise",
            help="With --stability, also resample each panel candidate's scorecards in every "
            "sample (a bootstrap over raters).",
        ),
    ] = False,
    fail_unstable: Annotated[
        float | None,
        typer.Option(
            "--fail-unstable",
            min=0,
            max=1,
            metavar="P",
            help="With --stability, exit with 3 when the top candidate ranks first in less "
            "than a share P (0 to 1) of the samples.",
        ),
    ] = None,
) -> None:
    """Score and rank the candidates in FILE..., best first, all files together."""
    with reported(undone="nothing was ranked"):
        from smteam import (
            FormatOptions,
            RankOptions,
            bar_shortfall,
            collector_paused,
            format_ranking,
            format_ranking_encoded,
            rank_inputs,
            stability_settings,
            write_output,
        )

        fmt = _output_format(output_format, output)
        _excel_needs_csv(excel, fmt)
        _per_rater_needs_csv(per_rater, fmt, stability)
        settings = stability_settings(
            stability, samples, spread, seed, rating_noise, fail_unstable, top
        )
        options = RankOptions(
            stability=settings,
            rubric=rubric,
            missing=missing,
            strict=strict,
            top=top,
            eligible_only=eligible_only,
            aggregate=aggregate,
            disagreement=disagreement,
            blind=blind,
            max_bytes=max_bytes,
            input_format=input_format.value,
        )
        with _progress_bars() as progress_for:
            result = rank_inputs(files, options, progress_for=progress_for, shown_only=True)
        report(result.warnings, quiet=quiet)
        if result.rubric_found is not None and not quiet:
            _stderr_line(f"smteam: rubric {result.rubric_found}, the one rubric in the folder")
        to_stdout = output is None or output == "-"
        width, color = _layout(output, table=fmt is OutputFormat.TABLE)
        layout = FormatOptions(width, color, excel, per_rater)
        with collector_paused():  # a row per candidate, no cycles: see collector_paused
            if not to_stdout:
                assert output is not None
                # Written as it is made: a million rows are never held as one text.
                encoded = format_ranking_encoded(result.ranking, fmt, layout)
                write_output(output, encoded, inputs=result.inputs, stdin_read=result.stdin_read)
            elif not quiet:
                write_stdout(format_ranking(result.ranking, fmt, layout))
        shortfall = None
        if fail_under is not None or min_eligible is not None:
            shortfall = bar_shortfall(
                result.ranking, fail_under=fail_under, min_eligible=min_eligible or 1
            )
        if shortfall is None and fail_unstable is not None:
            from smteam import stability_shortfall as unstable

            assert result.ranking.stability is not None
            first = next((e for e in result.ranking.entries if e.rank == 1), None)
            leader = first.evaluation.name if first is not None else None
            shortfall = unstable(result.ranking.stability, leader, fail_unstable)
    if shortfall is not None:
        _stderr_line(f"smteam: {shortfall}")
        raise typer.Exit(EXIT_BAR_NOT_MET)


@app.command()
def compare(
    files: InputsArgument,
    rubrics: Annotated[
        list[str],
        typer.Option(
            "--rubric",
            "-r",
            metavar="NAME|PATH",
            help="A rubric to rank on (built-in name or path); give two or more.",
            show_default=False,
        ),
    ],
    output_format: FormatOption = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the comparison to this file, all at once, never over an input.",
        ),
    ] = None,
    excel: ExcelOption = False,
    missing: MissingOption = MissingPolicy.ERROR,
    aggregate: AggregateOption = Aggregate.MEAN,
    quiet: QuietOption = False,
    max_bytes: MaxBytesOption = MAX_BYTES,
) -> None:
    """Rank the same candidates on several rubrics side by side: ranks, who moves most,
    Kendall's tau-b and rank-biased overlap between every pair of rubrics."""
    with reported(undone="nothing was compared"):
        from smteam import RankOptions, UsageError, compare_inputs, comparison_text, write_output

        if len(rubrics) < 2:
            raise UsageError("compare needs two rubrics or more: give --rubric A --rubric B")

        fmt = _output_format(output_format, output)
        _excel_needs_csv(excel, fmt)
        options = RankOptions(missing=missing, aggregate=aggregate, max_bytes=max_bytes)
        result = compare_inputs(files, rubrics, options)
        report(result.warnings, quiet=quiet)
        to_stdout = output is None or output == "-"
        width, color = _layout(output, table=fmt is OutputFormat.TABLE)
        text = comparison_text(result.comparison, fmt, width=width, color=color, excel=excel)
        if not to_stdout:
            assert output is not None
            write_output(
                output, text.encode("utf-8"), inputs=result.inputs, stdin_read=result.stdin_read
            )
        elif not quiet:
            write_stdout(text)


@app.command()
def validate(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="Candidates files and rubric files to check; a folder stands for its .yaml, "
            ".yml, .csv, .json, .jsonl and .ndjson files; - reads stdin.",
            show_default=False,
            callback=_stdin_once,
        ),
    ],
    rubric: RubricOption = None,
    missing: MissingOption = MissingPolicy.ERROR,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    max_bytes: MaxBytesOption = MAX_BYTES,
    input_format: InputFormatOption = InputFormat.YAML,
) -> None:
    """Check candidates files and rubrics; print OK or every problem, for each file."""
    with reported():
        from smteam import RankOptions, terminal_safe, validate_inputs

        options = RankOptions(
            rubric=rubric,
            missing=missing,
            strict=strict,
            max_bytes=max_bytes,
            input_format=input_format.value,
        )
        failed = 0
        for verdict in validate_inputs(files, options):
            errors = report(verdict.problems, quiet=quiet)
            if verdict.ok:
                if not quiet:
                    write_stdout(f"OK {terminal_safe(verdict.name)} ({verdict.summary})\n")
            else:
                failed += 1
                _stderr_line(f"FAILED {verdict.name} ({errors} error{'s' if errors != 1 else ''})")
    if failed:
        raise typer.Exit(EXIT_INVALID)


ViewFormatOption = Annotated[
    ViewFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table on a terminal, text elsewhere).",
        case_sensitive=False,
    ),
]


def _print_view(
    make: Callable[[ViewFormat, "FormatOptions"], str], chosen: ViewFormat | None
) -> None:
    """A report in the format asked for; else a table on a terminal and plain text anywhere
    else (only a table asks the terminal its width)."""
    from smteam import FormatOptions

    stdout = sys.stdout
    fmt = chosen or (
        ViewFormat.TABLE if stdout is not None and stdout.isatty() else ViewFormat.TEXT
    )
    width, color = _layout(None, table=fmt is ViewFormat.TABLE)
    write_stdout(make(fmt, FormatOptions(width, color)))


@app.command()
def explain(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="The candidates file (or folder, or - for stdin).",
            show_default=False,
        ),
    ],
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="The candidate (with --blind, the anonymous id).",
            show_default=False,
        ),
    ],
    rubric: RubricOption = None,
    missing: MissingOption = MissingPolicy.ERROR,
    aggregate: AggregateOption = Aggregate.MEAN,
    disagreement: DisagreementOption = 2,
    blind: BlindOption = False,
    output_format: ViewFormatOption = None,
    max_bytes: MaxBytesOption = MAX_BYTES,
) -> None:
    """Why NAME ranks where they do: each trait's weight, ratings and points, strengths,
    gaps, must-haves, notes, and where they would rank without each rater."""
    with reported(undone="nothing was explained"):
        from smteam import RankOptions, explain_candidate, format_explanation

        options = RankOptions(
            rubric=rubric,
            missing=missing,
            aggregate=aggregate,
            disagreement=disagreement,
            blind=blind,
            max_bytes=max_bytes,
        )
        explanation = explain_candidate([file], name, options)
        _print_view(lambda fmt, how: format_explanation(explanation, fmt, how), output_format)


@app.command()
def raters(
    files: InputsArgument,
    rubric: RubricOption = None,
    missing: MissingOption = MissingPolicy.ERROR,
    output_format: ViewFormatOption = None,
    max_bytes: MaxBytesOption = MAX_BYTES,
    with_reliability: Annotated[
        bool,
        typer.Option(
            "--reliability",
            help="Add the raters' reliability per trait and overall: ICC(2,1), ICC(2,k), "
            "ICC(3,1), ICC(3,k) with 95% intervals when every rater rated everyone, "
            "Krippendorff's alpha when some skipped.",
        ),
    ] = False,
    fail_under_reliability: Annotated[
        float | None,
        typer.Option(
            "--fail-under-reliability",
            min=-1,
            max=1,
            metavar="R",
            help="Exit with 3 when any trait's or the overall's ICC(2,k) (or alpha) is below "
            "R, or cannot be measured; implies --reliability.",
        ),
    ] = None,
) -> None:
    """Calibrate a panel: per rater, how many scorecards, their mean rating, their offset
    from the other raters, and how often they are the outlier."""
    shortfall = None
    with reported(undone="nothing was calibrated"):
        from smteam import RankOptions, calibrate_inputs, format_calibration

        options = RankOptions(rubric=rubric, missing=missing, max_bytes=max_bytes)
        calibration = calibrate_inputs(files, options)
        if not calibration.raters:
            _stderr_line("smteam: no candidate has reviews (a panel's scorecards) to compare")
            if fail_under_reliability is None:
                raise typer.Exit(EXIT_OK)
            # A bar on a reliability that cannot be measured is not met (as for one rater).
            _stderr_line(
                f"smteam: the raters' reliability is below {fail_under_reliability:g}: it "
                "cannot be measured without reviews"
            )
            raise typer.Exit(EXIT_BAR_NOT_MET)
        found = None
        if with_reliability or fail_under_reliability is not None:
            from smteam import reliability_inputs, reliability_shortfall

            found = reliability_inputs(files, options)
            if fail_under_reliability is not None:
                shortfall = reliability_shortfall(found, fail_under_reliability)
        _print_view(
            lambda fmt, how: format_calibration(calibration, fmt, how, reliability=found),
            output_format,
        )
    if shortfall is not None:
        _stderr_line(f"smteam: {shortfall}")
        raise typer.Exit(EXIT_BAR_NOT_MET)


@rubrics_app.callback()
def rubrics_list(
    ctx: typer.Context,
    output_format: Annotated[
        ViewFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format of the list (default: table on a terminal, text elsewhere); "
            "'show' takes its own, after it.",
            case_sensitive=False,
        ),
    ] = None,
) -> None:
    """List the built-in rubrics: name, title, number of traits and source articles."""
    with reported():
        if ctx.invoked_subcommand is not None:
            if output_format is not None:
                from smteam import UsageError

                raise UsageError(
                    f"--format goes after '{ctx.invoked_subcommand}': "
                    f"smteam rubrics {ctx.invoked_subcommand} NAME --format {output_format.value}"
                )
            return
        from smteam import builtin_rubrics, format_rubrics

        rubrics = builtin_rubrics()
        _print_view(lambda fmt, how: format_rubrics(rubrics, fmt, how), output_format)


@rubrics_app.command("show")
def rubrics_show(
    ref: Annotated[
        str, typer.Argument(metavar="NAME|PATH", help="A built-in rubric name or a rubric file.")
    ],
    descriptions: Annotated[
        bool,
        typer.Option(
            "--descriptions",
            "-d",
            help="Add the rubric's description and, for each trait, its id, what to look for "
            "and its source.",
        ),
    ] = False,
    output_format: ViewFormatOption = None,
    max_bytes: MaxBytesOption = MAX_BYTES,
) -> None:
    """Show a rubric's traits: label, weight as a percentage, minimum and groups, one line
    each; with --descriptions, what to look for in each."""
    with reported():
        from smteam import format_rubric, rubric_from_command_line

        found = rubric_from_command_line(ref, max_bytes=max_bytes)
        _print_view(
            lambda fmt, how: format_rubric(found, fmt, how, descriptions=descriptions),
            output_format,
        )


@app.command()
def departments() -> None:
    """List the seven departments of article 001 and the other names each is known by."""
    from smteam import DEPARTMENTS

    for canonical, aliases in DEPARTMENTS.items():
        write_stdout(f"{canonical}: {', '.join(aliases)}\n")


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            help="Which file to describe: candidates, rubric or plan.", show_default=False
        ),
    ],
) -> None:
    """Print the JSON Schema (draft 2020-12) of a candidates file, a rubric or a team plan, for
    editors."""
    import json

    from smteam import json_schema

    write_stdout(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n")


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="Where to write the starter files (default: here).",
            show_default=False,
        ),
    ] = Path("."),
    rubric_template: Annotated[
        bool,
        typer.Option(
            "--rubric-template",
            help="Also write rubric.yaml, a custom rubric to edit, and rate on it.",
        ),
    ] = False,
    team_plan: Annotated[
        bool,
        typer.Option("--plan", help="Also write team.yaml, a team plan for smteam team."),
    ] = False,
) -> None:
    """Write a starter candidates file (and a custom rubric, a team plan) that validate as they
    are."""
    with reported():
        from smteam import (
            CANDIDATES_FILE,
            RUBRIC_FILE,
            RUBRIC_TEMPLATE,
            UsageError,
            starter_candidates,
            terminal_safe,
            write_new,
        )

        if folder.exists() and not folder.is_dir():
            raise UsageError(f"{folder} is not a folder")
        files = {folder / CANDIDATES_FILE: starter_candidates(custom_rubric=rubric_template)}
        if rubric_template:
            files[folder / RUBRIC_FILE] = RUBRIC_TEMPLATE
        if team_plan:
            from smteam import PLAN_FILE, STARTER_PLAN

            files[folder / PLAN_FILE] = STARTER_PLAN
        existing = [str(path) for path in files if path.exists()]
        if existing:
            verb = "exists" if len(existing) == 1 else "exist"
            raise UsageError(f"{', '.join(existing)} already {verb}; nothing was written")
        if not folder.exists():
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise UsageError(
                    f"cannot make the folder {folder}: {exc.strerror or exc}"
                ) from None
            write_stdout(f"made {terminal_safe(str(folder))}/\n")
        for path, text in files.items():
            write_new(path, text.encode("utf-8"))
            write_stdout(f"wrote {terminal_safe(str(path))}\n")


def command_name(info: CommandInfo | TyperInfo) -> str | None:
    """The name a command or a group of commands is called by (as typer names it)."""
    if isinstance(info, TyperInfo):
        return info.name if isinstance(info.name, str) else None
    if info.name is not None:
        return info.name
    return info.callback.__name__.lower().replace("_", "-") if info.callback else None


def only_the_command(whole: typer.Typer, args: Sequence[str]) -> typer.Typer:
    """``whole`` with only the command that ``args`` start with, when they start with one.

    Typer builds the options of every command of a group before it runs one (it reads each
    function's signature and evaluates its annotations): for smteam's dozen commands, a fifth
    of a small ranking's start-up. The command runs the same in either, its help and errors
    included. Anything else (an option first, an unknown name, nothing at all) is left to the
    whole group, whose help and errors list every command."""
    if not args:
        return whole
    commands = [c for c in whole.registered_commands if command_name(c) == args[0]]
    groups = [g for g in whole.registered_groups if command_name(g) == args[0]]
    if len(commands) + len(groups) != 1:
        return whole
    one = copy.copy(whole)
    one.registered_commands, one.registered_groups = commands, groups
    return one


def main() -> None:
    """Entry point of the ``smteam`` console script."""
    # smteam's models are its own: pydantic plugins (observability hooks) have nothing to do
    # with them, and looking for plugins reads every installed package's metadata on each run.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # One command, then the process ends, and smteam's values hold no reference cycles:
    # the cycle collector would only walk every object built (millions for a big file), once
    # it is let back in after loading and again at each generation it promotes them to.
    gc.disable()
    try:
        if COMPLETE_VAR in os.environ:  # a completion script asks: typer's classes answer
            from typer._completion_classes import completion_init

            completion_init()
            chosen: typer.Typer = app  # a completion may be of any command's name
        else:
            chosen = only_the_command(app, sys.argv[1:])
        # Named smteam however it was started (python -m smteam too): shell completion is
        # installed for the command people type.
        chosen(prog_name="smteam")
    except BrokenPipeError:
        # The reader went away (``smteam rank ... | head``); that is not an error of ours.
        _silence_stdout()
        sys.exit(EXIT_OK)
    except OSError as exc:
        # Only click's own printing (a command's --help) can get here: smteam's are caught.
        _silence_stdout()
        _stderr_line(f"smteam: cannot write to standard output: {exc.strerror or exc}")
        sys.exit(EXIT_INVALID)
    except SystemExit:
        # click ends a broken pipe met in its own printing with 1, after wrapping stdout so
        # that flushing it is quiet: that is the reader's choice, a success for smteam.
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            _silence_stdout()
            sys.exit(EXIT_OK)
        raise
    except KeyboardInterrupt:
        sys.exit(130)


def _silence_stdout() -> None:
    from smteam import silence

    silence()


def _team_format(chosen: TeamFormat | None, output: str | None) -> TeamFormat:
    """As for ``rank``: the format asked for, else the output file's extension, else a table on
    a terminal and plain text anywhere else (JSON Lines has no team shape)."""
    from smteam import UsageError

    if chosen is not None:
        return chosen
    fmt = _output_format(None, output)
    if fmt is OutputFormat.JSONL:
        raise UsageError(f"--output {output}: a team report has no JSON Lines form; use .json")
    return TeamFormat(fmt.value)


TeamFormatOption = Annotated[
    TeamFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: from the --output extension; else table on a terminal, "
        "text elsewhere).",
        case_sensitive=False,
    ),
]
ReportOutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="PATH",
        help="Write the report to this file, all at once, never over an input.",
    ),
]


def _layout(output: str | None, *, table: bool) -> tuple[int, bool]:
    """The width and colours to lay a report out with: the terminal's, for a table printed to
    it (asking the terminal loads rich); else 100 columns, no colour codes."""
    if table and (output is None or output == "-"):
        return _terminal()
    return 100, False


def _emit(
    text: str, output: str | None, inputs: Iterable[Path], *, quiet: bool, stdin_read: bool
) -> None:
    from smteam import write_output

    if output is not None and output != "-":
        write_output(output, text.encode("utf-8"), inputs=inputs, stdin_read=stdin_read)
    elif not quiet:
        write_stdout(text)


@app.command()
def team(
    files: InputsArgument,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan",
            metavar="PLAN.yaml",
            help="A team plan: seats per department, a lead seat, coverage, bench.",
        ),
    ] = None,
    rubric: RubricOption = None,
    per_department: Annotated[
        int | None,
        typer.Option(
            "--per-department",
            min=0,
            max=100,
            metavar="N",
            help="Point persons per department (default 1, or the plan's).",
        ),
    ] = None,
    cover: Annotated[
        str | None,
        typer.Option(
            "--cover",
            metavar="NAME|PATH",
            help="Require every trait of this rubric to be held by --cover-people members.",
        ),
    ] = None,
    cover_level: Annotated[
        int | None,
        typer.Option(
            "--cover-level",
            metavar="L",
            help="The rating that counts as holding a skill (default 4).",
        ),
    ] = None,
    cover_people: Annotated[
        int | None,
        typer.Option(
            "--cover-people",
            min=1,
            max=100,
            metavar="K",
            help="Members who must hold each skill (default 2).",
        ),
    ] = None,
    robust: Annotated[
        bool,
        typer.Option("--robust", help="The coverage must survive the loss of any one member."),
    ] = False,
    bench: Annotated[
        int | None,
        typer.Option(
            "--bench",
            min=0,
            max=100,
            metavar="N",
            help="Successors shown per seat, with what the seat loses (default 1).",
        ),
    ] = None,
    alternatives: Annotated[
        int,
        typer.Option(
            "--alternatives",
            min=0,
            max=50,
            metavar="N",
            help="Also list the N next-best distinct teams and their totals.",
        ),
    ] = 0,
    output_format: TeamFormatOption = None,
    output: ReportOutputOption = None,
    excel: ExcelOption = False,
    missing: MissingOption = MissingPolicy.ERROR,
    strict: StrictOption = False,
    aggregate: AggregateOption = Aggregate.MEAN,
    quiet: QuietOption = False,
    max_bytes: MaxBytesOption = MAX_BYTES,
) -> None:
    """Build the best team: a point person per department (or as the plan says), the skills
    dispersed, a succession bench. Exit 3 when no team meets the plan."""
    with reported(undone="no team was built"):
        from smteam import FormatOptions, RankOptions, TeamOptions, format_team, team_inputs

        fmt = _team_format(output_format, output)
        _excel_needs_csv(excel, fmt)
        options = RankOptions(
            rubric=rubric,
            missing=missing,
            strict=strict,
            aggregate=aggregate,
            max_bytes=max_bytes,
        )
        asked = TeamOptions(
            plan=plan,
            per_department=per_department,
            cover=cover,
            cover_level=cover_level,
            cover_people=cover_people,
            robust=robust,
            bench=bench,
            alternatives=alternatives,
        )
        with _progress_bars() as progress_for:
            result = team_inputs(files, options, asked, progress_for=progress_for)
        report(result.warnings, quiet=quiet)
        width, color = _layout(output, table=fmt is TeamFormat.TABLE)
        text = format_team(result.report, fmt, FormatOptions(width, color, excel))
        _emit(text, output, result.inputs, quiet=quiet, stdin_read="-" in files)
    if result.report.status != "optimal":
        for reason in result.report.reasons:
            _stderr_line(f"smteam: {reason}")
        _stderr_line("smteam: no team meets the plan")
        raise typer.Exit(EXIT_BAR_NOT_MET)


@app.command()
def coverage(
    files: InputsArgument,
    rubric: Annotated[
        str,
        typer.Option(
            "--rubric",
            "-r",
            metavar="NAME|PATH",
            help="The rubric whose traits are the skills (default five-dispersed-skills).",
        ),
    ] = "five-dispersed-skills",
    level: Annotated[
        int,
        typer.Option("--level", metavar="L", help="The rating that counts as holding a skill."),
    ] = 4,
    fail_under: Annotated[
        int | None,
        typer.Option(
            "--fail-under",
            min=1,
            metavar="K",
            help="Exit with 3 when any skill has fewer than K holders.",
        ),
    ] = None,
    output_format: TeamFormatOption = None,
    output: ReportOutputOption = None,
    excel: ExcelOption = False,
    missing: MissingOption = MissingPolicy.ERROR,
    strict: StrictOption = False,
    aggregate: AggregateOption = Aggregate.MEAN,
    quiet: QuietOption = False,
    max_bytes: MaxBytesOption = MAX_BYTES,
) -> None:
    """How widely each skill is held: a skill x department matrix of holders, how many must
    leave before nobody holds it, and a flag when one or two people carry it."""
    with reported(undone="nothing was counted"):
        from smteam import (
            FormatOptions,
            RankOptions,
            coverage_inputs,
            coverage_shortfall,
            format_coverage,
        )

        fmt = _team_format(output_format, output)
        _excel_needs_csv(excel, fmt)
        options = RankOptions(
            rubric=rubric,
            missing=missing,
            strict=strict,
            aggregate=aggregate,
            max_bytes=max_bytes,
        )
        with _progress_bars() as progress_for:
            result = coverage_inputs(files, options, level, progress_for=progress_for)
        report(result.warnings, quiet=quiet)
        width, color = _layout(output, table=fmt is TeamFormat.TABLE)
        text = format_coverage(result.report, fmt, FormatOptions(width, color, excel))
        _emit(text, output, result.inputs, quiet=quiet, stdin_read="-" in files)
        shortfall = None
        if fail_under is not None:
            shortfall = coverage_shortfall(result.report, fail_under)
    if shortfall is not None:
        _stderr_line(f"smteam: {shortfall}")
        raise typer.Exit(EXIT_BAR_NOT_MET)


@app.command("report")
def report_command(
    files: InputsArgument,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Write the page to this file (e.g. shortlist.html), all at once, never over "
            "an input; without it, to standard output.",
        ),
    ] = None,
    rubric: RubricOption = None,
    top: TopOption = None,
    missing: MissingOption = MissingPolicy.ERROR,
    eligible_only: EligibleOnlyOption = False,
    strict: StrictOption = False,
    aggregate: AggregateOption = Aggregate.MEAN,
    disagreement: DisagreementOption = 2,
    blind: BlindOption = False,
    team_plan: Annotated[
        str | None,
        typer.Option(
            "--team",
            metavar="PLAN.yaml",
            help="Add a team section: the best team for this plan, as 'smteam team --plan'.",
        ),
    ] = None,
    stability: Annotated[
        bool,
        typer.Option(
            "--stability",
            help="Add a stability section: how often each candidate ranks first and in the "
            "top N when the weights are sampled, as 'smteam rank --stability'.",
        ),
    ] = False,
    samples: Annotated[
        int | None,
        typer.Option(
            "--samples",
            min=1,
            max=1_000_000,
            metavar="N",
            help="With --stability, how many weight samples (default 10000).",
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", min=0, metavar="N", help="With --stability, the random seed (default 0)."
        ),
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            metavar="SCORE",
            help="Show this bar in the summary, and exit with 3 (the page written) when fewer "
            "than --min-eligible eligible candidates score SCORE or more.",
        ),
    ] = None,
    min_eligible: Annotated[
        int | None,
        typer.Option(
            "--min-eligible",
            min=1,
            metavar="N",
            help="With --fail-under, how many must reach it (default 1).",
        ),
    ] = None,
    quiet: QuietOption = False,
    max_bytes: MaxBytesOption = MAX_BYTES,
) -> None:
    """Write one self-contained HTML page to share the shortlist: summary, ranking, each
    candidate's points by trait, the panel, and team and stability where asked."""
    with reported(undone="no report was written"):
        from smteam import RankOptions, TeamOptions, report_html, report_inputs, stability_settings

        settings = stability_settings(stability, samples, None, seed, False, None, top)
        options = RankOptions(
            stability=settings,
            rubric=rubric,
            missing=missing,
            strict=strict,
            top=top,
            eligible_only=eligible_only,
            aggregate=aggregate,
            disagreement=disagreement,
            blind=blind,
            max_bytes=max_bytes,
        )
        with _progress_bars() as progress_for:
            result = report_inputs(
                files,
                options,
                team=None if team_plan is None else TeamOptions(plan=team_plan),
                fail_under=fail_under,
                min_eligible=min_eligible,
                progress_for=progress_for,
            )
        report(result.warnings, quiet=quiet)
        text = report_html(result.report)
        _emit(text, output, result.inputs, quiet=quiet, stdin_read=result.stdin_read)
    if result.shortfall is not None:
        _stderr_line(f"smteam: {result.shortfall}")
        raise typer.Exit(EXIT_BAR_NOT_MET)
