"""The plan's life after the draft: the book of comments and the monitoring years."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.life import Comment
from cpkit.model.suggest import Suggester

PARTS = tuple("ABCDEFG")
TARGET_KINDS = (
    "priorities", "objectives", "measures", "areas", "services", "stakeholders", "groups",
    "target_groups", "needs", "service_types", "needs_matrix",
)  # fmt: skip


def _meant(key: str, word: str, known: Iterable[object]) -> tuple[str, dict[str, str]]:
    """The message `key`, or `key`-meant with the known id most like `word` as `meant`."""
    meant = Suggester(known).closest(word)
    return (key, {}) if meant is None else (f"{key}-meant", {"meant": meant})


def target_ids(plan: Plan) -> set[str]:
    """What a comment may be about: any entity's id, or a Part of the document."""
    ids = {e.id for kind in TARGET_KINDS for e in plan.section(kind) if e.id}
    return ids | set(PARTS)


def _said(text: str | None) -> bool:
    return bool(text and text.strip())


def _explained(c: Comment) -> bool:
    """A comment outside the window that the book settles with reasons: nothing to flag."""
    return c.status == "settled" and c.decision is not None and _said(c.reasons)


def check_comments(plan: Plan) -> Iterator[Diagnostic]:
    window = plan.consultation
    filed = plan.filed_comments()
    targets = target_ids(plan) if filed else set()
    if filed and window is None:
        yield rules.NO_WINDOW(filed[0].loc, "comments-are-filed", count=len(filed))
    yield from check_not_filed(plan)
    for c in filed:
        if c.author is None or not (c.author.name or "").strip():
            yield rules.ANONYMOUS_COMMENT(c.at("author"), "comment-has-no", id=c.id)
        if window and window.start and window.end and c.received and not _explained(c):
            first, last = window.start.first_day(), window.end.last_day()
            early = c.received.last_day() < first
            if early or c.received.first_day() > last:
                when = "an early" if early else "a late"
                yield rules.COMMENT_OUTSIDE_WINDOW(
                    c.at("received"),
                    "comment-was-received",
                    id=c.id,
                    received=c.received,
                    start=window.start,
                    end=window.end,
                    when=when,
                )
        if c.target and c.target not in targets and c.target.removeprefix("Part ") not in PARTS:
            key, meant = _meant("comment-about-which", c.target, targets)
            yield rules.COMMENT_TARGET(c.at("target"), key, id=c.id, target=c.target, **meant)
        if c.status == "settled" and (
            c.decision is None or (c.decision != "accepted" and not _said(c.reasons))
        ):
            missing = "a decision" if c.decision is None else "the reasons"
            yield rules.SETTLEMENT(
                c.at("status"), "comment-settled-without", id=c.id, missing=missing
            )
    if plan.info and plan.info.status in ("final", "adopted"):
        open_ = [c.id for c in filed if c.status != "settled"]
        if open_:
            shown = ", ".join(open_[:5]) + (" ..." if len(open_) > 5 else "")
            yield rules.UNSETTLED_COMMENTS(
                plan.info.at("status"),
                "plan-but-comments",
                status=plan.info.status,
                count=len(open_),
                shown=shown,
            )


def check_not_filed(plan: Plan) -> Iterator[Diagnostic]:
    """A comment received but not filed says why, and is neither assigned nor settled:
    the settlement annex does not list it."""
    for c in plan.comments:
        if c.filed:
            if c.reason is not None:
                yield rules.NOT_FILED(c.at("reason"), "comment-gives-reason", id=c.id)
            continue
        if c.reason is None:
            yield rules.NOT_FILED(c.at("filed"), "comment-not-filed", id=c.id)
        settled = [f for f in ("decision", "reasons", "group") if getattr(c, f)]
        if c.status != "received":
            settled.insert(0, "status")
        if settled:
            yield rules.NOT_FILED(
                c.at(settled[0]),
                "comment-not-filed-2",
                id=c.id,
                value=list(f"`{f}`" for f in settled),
            )


def check_monitoring(plan: Plan) -> Iterator[Diagnostic]:
    period = plan.info.period if plan.info else None
    years = (
        range(period.start.year, period.end.year + 1)
        if period and period.start and period.end
        else None
    )
    seen: dict[int, object] = {}
    owners = [o.id for o in [*plan.objectives(), *plan.measures()]]
    indicators = {
        (owner.id, ind.id)
        for owner in [*plan.objectives(), *plan.measures()]
        for ind in owner.indicators
    }
    for report in plan.monitoring:
        first = seen.setdefault(report.year, report)
        if report.year is None:
            pass  # written so that it cannot be read: reported as such, not also as a year
        elif first is not report:
            yield rules.MONITORING_YEAR(
                report.at("year"), "monitoring-given-twice", year=report.year, loc=first.loc
            )
        elif years is not None and report.year not in years:
            yield rules.MONITORING_YEAR(
                report.at("year"),
                "monitoring-outside-planning",
                year=report.year,
                start=years.start,
                end_year=years.stop - 1,
            )
        for v in report.indicators:
            if (v.owner, v.indicator) in indicators:
                continue
            if v.owner not in owners:
                key, meant = _meant("monitoring-reports-indicator-2", v.owner, owners)
                yield rules.UNKNOWN_INDICATOR(
                    v.at("owner") if "owner" in v.pos else v.loc,
                    key,
                    year=report.year,
                    indicator=v.indicator,
                    owner=v.owner,
                    **meant,
                )
                continue
            known = [i for o, i in indicators if o == v.owner]
            key, meant = _meant("monitoring-reports-indicator", v.indicator, known)
            yield rules.UNKNOWN_INDICATOR(
                v.loc, key, year=report.year, indicator=v.indicator, owner=v.owner, **meant
            )
        for r in report.measures:
            if r.spent is not None and r.spent < 0:
                yield rules.NEGATIVE_MONEY(
                    r.at("spent"),
                    "measure-spent",
                    measure=r.measure,
                    amount=round(r.spent, 2),
                    year=report.year,
                )


CHECKS = (check_comments, check_monitoring)
