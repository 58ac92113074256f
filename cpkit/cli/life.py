"""A plan's life after it is written: `cpkit progress` (where it stands), `cpkit comments`
(the book of comments of its consultation) and `cpkit diff` (what changed between versions)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import fail, language_option, open_plan, say, words, write

if TYPE_CHECKING:
    from cpkit.analysis.gaps import CommentCounts

PATH = click.Path(path_type=Path)
SHOW_FORMATS = ["table", "csv", "json", "md"]  # they print and take no --output: no xlsx


@command(short_help="Roll progress up from measures to objectives, areas and the plan.")
@argument("plan", type=PATH, help="The plan folder.")
@click.option(
    "--year",
    "-y",
    type=int,
    help="Judge progress as of this year (default: the latest monitoring year).",
)
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(SHOW_FORMATS),
    default="table",
    help="table, csv, json or md.",
)
@click.option(
    "--measures", "detail", is_flag=True, help="List every measure too, not only objectives."
)
@language_option
def progress(plan: Path, year: int | None, format_: str, detail: bool) -> None:
    """Show where the plan stands: on track, at risk, off track or done.

    Measures take their status from the monitoring years (reported status, indicators'
    actual values, dates); objectives, areas and the plan take the worst of what they hold.
    The rule is in docs/progress.md.

    Example: cpkit progress examples/usti-seniors --year 2005
    """
    from cpkit.analysis.progress import Progress
    from cpkit.interchange import export

    loaded, _report = open_plan(plan, run=False, warn=True)
    state = Progress(loaded, year)
    frame = state.table()
    if not detail:
        frame = frame[frame["level"] != "measure"]
    frame = export.tidy(frame)
    frames = {"progress": frame}
    headers = export.Headers(words())
    year = str(state.year) if state.year else ""
    titles = {"progress": say("progress.as_of", year=year) if year else say("progress.no_year")}
    if format_ == "table":
        from cpkit.cli.terminal import print_tables

        print_tables(frames, titles=titles, headers=headers)
    elif format_ == "csv":
        write(None, export.to_csv(frame))
    elif format_ == "json":
        write(None, export.to_json(frames, {"year": state.year}))
    else:
        write(None, export.to_markdown(frames, titles, headers))


@command(short_help="Summarise the book of comments.")
@argument("plan", type=PATH, help="The plan folder.")
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(SHOW_FORMATS),
    default="table",
    help="table, csv, json or md.",
)
@click.option("--annex", is_flag=True, help="List every comment as the settlement annex does.")
@language_option
def comments(plan: Path, format_: str, annex: bool) -> None:
    """Summarise the book of comments per working group, kind and decision.

    Authors are personal data: the annex shows a name only where the record allows it.

    Example: cpkit comments examples/usti-seniors --annex
    """
    from cpkit.analysis.gaps import comment_counts, comment_summary, settlement
    from cpkit.interchange import export

    loaded, _report = open_plan(plan, run=False, warn=True)
    name = "settlement" if annex else "comments"
    frame = export.tidy(settlement(loaded) if annex else comment_summary(loaded))
    lang = words()
    headers = export.Headers(lang)
    if format_ == "table":
        from rich.console import Console

        from cpkit.cli.terminal import print_records, print_tables

        window = loaded.consultation

        def titled(table: str) -> str:
            title = headers.title(table)
            if window and window.start and window.end:
                start, end = (lang.date(d.year, d.month, d.day) for d in (window.start, window.end))
                return say("comments.window", title=title, start=start, end=end)
            return title

        if annex and not frame.empty:  # paragraphs of text: a block per comment, not a table
            records = frame.astype(object).where(frame.notna(), None).to_dict("records")
            print_records(Console(highlight=False), titled("settlement"), records, headers, lang)
            return
        from cpkit.analysis.names import for_people

        view = (
            for_people(name, frame, loaded).drop(columns=["name"]) if name == "comments" else frame
        )
        print_tables({name: view}, titles={name: titled("comments")}, headers=headers)
        if loaded.comments:
            click.echo(counts_line(comment_counts(loaded)))
    elif format_ == "csv":
        write(None, export.to_csv(frame))
    elif format_ == "json":
        counts = comment_counts(loaded)
        about = {"received": counts.received, "filed": counts.filed,
                 "not_filed": counts.not_filed}  # fmt: skip
        write(None, export.to_json({name: frame}, about))
    else:
        text = export.to_markdown({name: frame}, headers=headers)
        if loaded.comments:
            text += "\n" + counts_line(comment_counts(loaded)) + "\n"
        write(None, text)


def counts_line(counts: CommentCounts) -> str:
    """`Received 12, filed 11, not filed 1 (anonymous).`: the comments the tables leave out,
    in the command's language."""
    if not counts.not_filed:
        return say("comments.counts", received=counts.received, filed=counts.filed)
    lang = words()

    def reason(r: str) -> str:
        key = f"comments.reasons_not_filed.{r}"
        return lang.t(key, "cli") if lang.has(key, "cli") else r

    reasons = counts.not_filed
    if len(reasons) == 1:
        why = reason(next(iter(reasons)))
    else:
        why = lang.join(
            say("comments.reason_count", count=n, reason=reason(r)) for r, n in reasons.items()
        )
    return say("comments.counts_not_filed", received=counts.received, filed=counts.filed,
               not_filed=counts.not_filed_total, why=why)  # fmt: skip


@command("diff", short_help="What changed between two versions of a plan.")
@argument(
    "versions",
    nargs=-1,
    help="Nothing (HEAD against the working tree), one git revision (against the "
    "working tree), two revisions, or two plan folders.",
)
@click.option(
    "--plan", "-p", type=PATH, default=Path("."), help="The plan folder in the git repository."
)
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(["text", "md"]),
    default="text",
    help="text, or md for a review comment.",
)
@click.option(
    "--private",
    is_flag=True,
    help="Show the values of personal data (contacts that may not be published, "
    "commenters' names and contacts), for an internal review only; without it they show "
    "as `changed (private)`.",
)
@language_option
def diff(versions: tuple[str, ...], plan: Path, format_: str, private: bool) -> None:
    """Show what changed between two versions: entities added, removed, changed and
    carried over (under a new number, or promoted from a measure to an objective), field
    by field, and money per area.

    Work is followed by its whole text, so an objective reworded and renumbered is still
    one objective; `continues:` on an objective or measure states it outright. Personal
    data is shown only as changed, unless --private. Git revisions are checked as commits
    and read with git archive; the working tree is never touched.

    Example: cpkit diff HEAD~1 --plan plans/usti --format md
    """
    from cpkit.analysis.diff import DiffError, diff_versions
    from cpkit.publish.diff_text import render_diff
    from cpkit.source.folder import PlanNotFound

    if len(versions) > 2:
        fail(say("diff.at_most_two"))
    if not versions:
        a, b = "HEAD", ""
    elif len(versions) == 1:
        a, b = versions[0], ""
    else:
        a, b = versions
    try:
        result = diff_versions(a, b, plan, private=private)
    except (DiffError, PlanNotFound) as exc:
        fail(exc)
    folder = Path(b) if b and Path(b).is_dir() else plan
    text = render_diff(result, "md" if format_ == "md" else "txt", words(_plan_language(folder)))
    write(None, text)


def _plan_language(folder: Path) -> str | None:
    """The `language` plan.yaml states in `folder`, if it can be read: the diff speaks it."""
    import yaml

    try:
        data = yaml.safe_load((folder / "plan.yaml").read_text(encoding="utf-8"))
        tag = data["plan"]["language"]
    except (OSError, yaml.YAMLError, KeyError, TypeError, UnicodeDecodeError):
        return None
    return tag if isinstance(tag, str) else None
