"""Every rule cpkit checks, in one place: the code is a published contract.

docs/rules.md documents each code with a failing example and the fix, and
tests/test_rules.py proves each one fires; a test keeps the three in step.
"""

from __future__ import annotations

from cpkit.core.diagnostics import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

# CP0xx: reading files
YAML_SYNTAX = Rule("CP001", "yaml-syntax", E)
DUPLICATE_KEY = Rule("CP002", "duplicate-key", E)
UNREADABLE_FILE = Rule("CP003", "unreadable-file", E)
OUTSIDE_PLAN = Rule("CP004", "outside-plan", E)
BAD_DOCUMENT = Rule("CP005", "bad-document", E)
UNKNOWN_SECTION = Rule("CP006", "unknown-section", E)
PLAN_SECTION = Rule("CP007", "plan-section", E)
TOO_COMPLEX = Rule("CP008", "too-complex", E)
PARTLY_CHECKED = Rule("CP009", "partly-checked", Severity.INFO)
COMMENT_BREAK = Rule("CP010", "hidden-line", E)

# CP1xx: fields and types
WRONG_TYPE = Rule("CP101", "wrong-type", E)
MISSING_FIELD = Rule("CP102", "missing-field", E)
UNKNOWN_FIELD = Rule("CP103", "unknown-field", E)
BAD_VALUE = Rule("CP104", "bad-value", E)
BAD_ID = Rule("CP105", "bad-id", E)
NO_RESOLUTION = Rule("CP106", "no-resolution", W)
CJK_FOLD = Rule("CP107", "cjk-fold", W)
CONTROL_CHARACTER = Rule("CP108", "control-character", E)
FORCED_TAG = Rule("CP109", "forced-tag", E)

DUPLICATE_NUMBER = Rule("CP112", "duplicate-number", E)

# CP2xx: identity and references
DUPLICATE_ID = Rule("CP201", "duplicate-id", E)
DANGLING_REF = Rule("CP202", "dangling-reference", E)
ID_PARENT = Rule("CP203", "id-parent", E)
ALIGN_TARGET = Rule("CP204", "align-target", E)
ALIGN_MISSING = Rule("CP205", "align-missing", E)
ALIGN_SUSPECT = Rule("CP206", "align-suspect", W)
ALIGN_UNCONFIRMED = Rule("CP207", "align-unconfirmed", W)

# CP3xx: time and money
DATE_OUTSIDE_PERIOD = Rule("CP301", "date-outside-period", E)
DATES_REVERSED = Rule("CP302", "dates-reversed", E)
NEGATIVE_MONEY = Rule("CP303", "negative-money", E)
FOREIGN_CURRENCY = Rule("CP304", "foreign-currency", E)
YEAR_OUTSIDE_PERIOD = Rule("CP305", "year-outside-period", W)
COSTS_MISMATCH = Rule("CP306", "costs-mismatch", W)
MONEY_TWICE = Rule("CP307", "money-twice", W)

# CP4xx: areas and participation
MISSING_SWOT = Rule("CP401", "missing-swot", E)
SWOT_QUADRANT = Rule("CP402", "swot-quadrant", E)
TRIAD_SIDE = Rule("CP403", "triad-side", W)
DUPLICATE_SWOT = Rule("CP404", "duplicate-swot", E)

# CP5xx: the needs matrix
UNANSWERED_GAP = Rule("CP501", "unanswered-gap", W)
ANSWER_NOT_MISSING = Rule("CP502", "answer-not-missing", W)
DUPLICATE_ROW = Rule("CP503", "duplicate-row", E)

# CP6xx: demographic data (CSV)
CSV_STRUCTURE = Rule("CP601", "csv-structure", E)
DATA_TYPE = Rule("CP602", "data-type", E)
NEGATIVE_COUNT = Rule("CP603", "negative-count", E)
MISSING_YEAR = Rule("CP604", "missing-year", E)
DUPLICATE_DATA = Rule("CP605", "duplicate-data", E)
BAD_SHARE = Rule("CP606", "bad-share", E)

# CP7xx: consultation and monitoring
ANONYMOUS_COMMENT = Rule("CP701", "anonymous-comment", E)
COMMENT_OUTSIDE_WINDOW = Rule("CP702", "comment-outside-window", W)
COMMENT_TARGET = Rule("CP703", "comment-target", E)
UNSETTLED_COMMENTS = Rule("CP704", "unsettled-comments", E)
NO_WINDOW = Rule("CP705", "no-comment-window", W)
SETTLEMENT = Rule("CP706", "settlement", W)
NOT_FILED = Rule("CP708", "not-filed", W)
MONITORING_YEAR = Rule("CP711", "monitoring-year", E)
UNKNOWN_INDICATOR = Rule("CP712", "unknown-indicator", E)

# CP72x: provider forms returned to `cpkit collect` (the location is FILE:SHEET!CELL)
FORM_UNREADABLE = Rule("CP721", "form-unreadable", E)
FORM_ELSEWHERE = Rule("CP722", "form-elsewhere", E)
FORM_PROVIDER = Rule("CP723", "form-provider", E)
FORM_CHANGED = Rule("CP724", "form-changed", E)
FORM_NUMBER = Rule("CP725", "form-number", E)
FORM_STATUS = Rule("CP726", "form-status", E)
FORM_SOURCE = Rule("CP727", "form-source", E)
FORM_ROW = Rule("CP728", "form-row", E)
FORM_CONFLICT = Rule("CP729", "form-conflict", E)

# CP73x: the annual report (`cpkit render --annual-report Y`), not checked by `check`
ANNUAL_NO_MONITORING = Rule("CP730", "annual-no-monitoring", E)
ANNUAL_OUTSIDE_PERIOD = Rule("CP731", "annual-outside-period", E)

# CP8xx: what the law requires a plan to state (Czech Act 108/2006 Coll., § 3(h))
STATUTE_PREPARATION = Rule("CP801", "statute-preparation", W)
STATUTE_RESOURCES = Rule("CP802", "statute-resources", W)
STATUTE_STRATEGY = Rule("CP803", "statute-strategy", W)
STATUTE_DUTIES = Rule("CP804", "statute-duties", W)
STATUTE_MONITORING = Rule("CP805", "statute-monitoring", W)
STATUTE_CHANGES = Rule("CP806", "statute-changes", W)

# CP9xx: the network of social services
REGISTRY_ID = Rule("CP901", "registry-id", E)
PROVIDER_IC = Rule("CP902", "provider-ic", E)
NETWORK_IDENTITY = Rule("CP903", "network-identity", W)
NETWORK_YEAR = Rule("CP904", "network-year", W)
NETWORK_TWICE = Rule("CP905", "network-twice", E)
NETWORK_CAPACITY = Rule("CP906", "network-capacity", E)

#: Read failures that leave entities out of the plan, and the checks they would mislead:
#: a service in a file with a syntax error is "missing" everywhere it is named.
UNREAD = frozenset({"CP001", "CP003", "CP004", "CP005", "CP006", "CP008"})
WHOLE_PLAN = frozenset({"CP202", "CP401", "CP403", "CP501", "CP502", "CP703", "CP712"})

#: Reading a file is not a rule one may waive: a plan cpkit cannot read never passes.
#: CP010 too: a plan must not be able to hide a line from its reviewers and switch that off.
ALWAYS_ON = frozenset(
    {"CP001", "CP002", "CP003", "CP004", "CP005", "CP006", "CP007", "CP008", "CP010"}
)

ALL: tuple[Rule, ...] = tuple(v for v in globals().values() if isinstance(v, Rule))
BY_KEY: dict[str, Rule] = {r.code: r for r in ALL} | {r.name: r for r in ALL}
