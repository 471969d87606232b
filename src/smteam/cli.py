"""The ``smteam`` command: options in, output and an exit code out.

This module stays light: it imports only typer at start-up, and each command imports the core
when it runs, so ``smteam --version`` and ``--help`` are quick.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from smteam import __version__
from smteam.choices import MissingPolicy, OutputFormat

if TYPE_CHECKING:
    from rich.console import Console

    from smteam.errors import Problem, SmteamError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="smteam",
    help=(
        "Rank candidates for a social media team on weighted rubrics drawn from five articles "
        "about social media teams, and show why."
    ),
    epilog="Exit codes: 0 success, 1 invalid input, 2 usage error.",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
rubrics_app = typer.Typer(
    help="List the built-in rubrics (the default), or show one rubric's traits.",
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(rubrics_app, name="rubrics")


def _stderr_line(text: str) -> None:
    sys.stderr.write(text + "\n")


def report(problems: Iterable[Problem]) -> None:
    """Print problems to stderr, one line each, and a count of the errors."""
    errors = warnings = 0
    for problem in problems:
        _stderr_line(str(problem))
        if problem.severity == "error":
            errors += 1
        else:
            warnings += 1
    if errors:
        counts = f"{errors} error{'s' if errors != 1 else ''}"
        if warnings:
            counts += f" and {warnings} warning{'s' if warnings != 1 else ''}"
        _stderr_line(f"smteam: {counts}; nothing was ranked.")


def fail(error: SmteamError) -> NoReturn:
    report(error.problems)
    raise typer.Exit(error.exit_code)


@contextmanager
def reported() -> Iterator[None]:
    """Turn smteam's errors into their messages and exit codes."""
    from smteam.errors import SmteamError

    try:
        yield
    except SmteamError as error:
        fail(error)


def write_stdout(text: str) -> None:
    """Write text as UTF-8 whatever the locale says, so names keep their accents."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _version(value: bool) -> None:
    if value:
        write_stdout(f"smteam {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Rank candidates for a social media team on weighted rubrics, and show why."""


RubricOption = Annotated[
    str | None,
    typer.Option(
        "--rubric",
        "-r",
        metavar="NAME|PATH",
        help="Built-in rubric name or path to a rubric file; overrides the file's 'rubric:' "
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


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


@app.command()
def rank(
    file: Annotated[str, typer.Argument(metavar="FILE", help="The candidates file (YAML).")],
    rubric: RubricOption = None,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            "-n",
            min=1,
            metavar="N",
            help="Show the candidates ranked N or better (ties at the cut stay in).",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
    ] = OutputFormat.TABLE,
    missing: MissingOption = MissingPolicy.ERROR,
    eligible_only: Annotated[
        bool,
        typer.Option(
            "--eligible-only", help="Leave out candidates below a must-have trait's minimum."
        ),
    ] = False,
    strict: StrictOption = False,
) -> None:
    """Score and rank the candidates in FILE, best first."""
    with reported():
        from smteam.workflow import RankOptions, rank_file

        options = RankOptions(
            rubric=rubric, missing=missing, strict=strict, top=top, eligible_only=eligible_only
        )
        result = rank_file(file, options)
    report(result.warnings)
    if output_format is OutputFormat.TABLE:
        from smteam.render import ranking_table

        console = _console()
        console.print(ranking_table(result.ranking, console.width))
    elif output_format is OutputFormat.CSV:
        from smteam.export import ranking_csv

        write_stdout(ranking_csv(result.ranking))
    else:
        from smteam.export import ranking_json

        write_stdout(ranking_json(result.ranking))


@app.command()
def validate(
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE...", help="Candidates files and rubric files to check."),
    ],
    rubric: RubricOption = None,
    missing: MissingOption = MissingPolicy.ERROR,
    strict: StrictOption = False,
) -> None:
    """Check candidates files and rubrics; print OK or every problem, for each file."""
    with reported():
        from smteam.workflow import RankOptions, validate_file

        options = RankOptions(rubric=rubric, missing=missing, strict=strict)
        failed = 0
        for name in files:
            verdict = validate_file(name, options)
            for problem in verdict.problems:
                _stderr_line(str(problem))
            if verdict.ok:
                write_stdout(f"OK {name} ({verdict.summary})\n")
            else:
                failed += 1
                errors = sum(1 for p in verdict.problems if p.severity == "error")
                _stderr_line(f"FAILED {name} ({errors} error{'s' if errors != 1 else ''})")
    if failed:
        raise typer.Exit(EXIT_INVALID)


@rubrics_app.callback()
def rubrics_list(ctx: typer.Context) -> None:
    """List the built-in rubrics: name, title, number of traits and source articles."""
    if ctx.invoked_subcommand is not None:
        return
    with reported():
        from smteam.render import rubrics_table
        from smteam.workflow import builtin_rubrics

        table = rubrics_table(builtin_rubrics())
    _console().print(table)


@rubrics_app.command("show")
def rubrics_show(
    ref: Annotated[
        str, typer.Argument(metavar="NAME|PATH", help="A built-in rubric name or a rubric file.")
    ],
) -> None:
    """Show a rubric's traits with weights as percentages, minimums and descriptions."""
    with reported():
        from smteam.render import rubric_view
        from smteam.workflow import rubric_from_command_line

        table = rubric_view(rubric_from_command_line(ref))
    _console().print(table)


@app.command()
def departments() -> None:
    """List the seven departments of article 001 and the other names each is known by."""
    from smteam.departments import DEPARTMENTS

    for canonical, aliases in DEPARTMENTS.items():
        write_stdout(f"{canonical}: {', '.join(aliases)}\n")


def main() -> None:
    """Entry point of the ``smteam`` console script."""
    try:
        app()
    except BrokenPipeError:
        # The reader went away (``smteam rank ... | head``); that is not an error of ours.
        sys.stderr.close()
        sys.exit(EXIT_OK)
    except KeyboardInterrupt:
        sys.exit(130)
