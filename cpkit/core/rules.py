"""Every rule cpkit checks, in one place: the code is a published contract.

docs/rules.md documents each code with a failing example and the fix, and
tests/test_rules.py proves each one fires; a test keeps the three in step.
"""

from __future__ import annotations

from cpkit.core.diagnostics import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

# CP0xx: reading files
YAML_SYNTAX = Rule("CP001", "yaml-syntax", E, "A file is not valid YAML.")
DUPLICATE_KEY = Rule("CP002", "duplicate-key", E, "A mapping has the same key twice.")
UNREADABLE_FILE = Rule("CP003", "unreadable-file", E, "A file cannot be read as UTF-8 text.")
OUTSIDE_PLAN = Rule("CP004", "outside-plan", E, "A file or link points outside the plan folder.")
BAD_DOCUMENT = Rule("CP005", "bad-document", E, "A file's top level is not a mapping of sections.")
UNKNOWN_SECTION = Rule("CP006", "unknown-section", E, "A file has a section cpkit does not know.")
PLAN_SECTION = Rule("CP007", "plan-section", E, "The `plan` section is missing or given twice.")
TOO_COMPLEX = Rule("CP008", "too-complex", E, "A file is too large, too deep or expands too much.")
PARTLY_CHECKED = Rule(
    "CP009", "partly-checked", Severity.INFO,
    "Checks that need the whole plan were skipped: part of it could not be read.",
)  # fmt: skip
COMMENT_BREAK = Rule(
    "CP010", "hidden-line", E,
    "A line break YAML obeys and editors do not show (U+2028, U+2029, U+0085) ends a line.",
)  # fmt: skip

# CP1xx: fields and types
WRONG_TYPE = Rule("CP101", "wrong-type", E, "A value has the wrong type.")
MISSING_FIELD = Rule("CP102", "missing-field", E, "A required field is missing.")
UNKNOWN_FIELD = Rule("CP103", "unknown-field", E, "A field is not part of the format.")
BAD_VALUE = Rule("CP104", "bad-value", E, "A value is not one of those allowed.")
BAD_ID = Rule("CP105", "bad-id", E, "An id does not have the required form.")
NO_RESOLUTION = Rule(
    "CP106", "no-resolution", W, "The plan is adopted but its adopting resolution is not recorded."
)
CJK_FOLD = Rule(
    "CP107", "cjk-fold", W, "A line break inside Chinese or Japanese text turns into a space."
)
CONTROL_CHARACTER = Rule(
    "CP108", "control-character", E, "Text holds a control character or a noncharacter."
)
FORCED_TAG = Rule(
    "CP109",
    "forced-tag",
    E,
    "A YAML tag forces a type or a meaning on a value cpkit reads as written.",
)

DUPLICATE_NUMBER = Rule(
    "CP112", "duplicate-number", E, "Two measures of one objective have the same `number`."
)

# CP2xx: identity and references
DUPLICATE_ID = Rule("CP201", "duplicate-id", E, "Two entities of one kind share an id.")
DANGLING_REF = Rule("CP202", "dangling-reference", E, "A reference names no known entity.")
ID_PARENT = Rule("CP203", "id-parent", E, "A numbered id does not continue its parent's id.")
ALIGN_TARGET = Rule(
    "CP204", "align-target", E, "The plan named by `plan.aligns_with` cannot be read, or none is."
)
ALIGN_MISSING = Rule(
    "CP205", "align-missing", E, "An `aligns_with` id names nothing in the plan aligned with."
)
ALIGN_SUSPECT = Rule(
    "CP206", "align-suspect", W, "What an alignment points to has changed since it was confirmed."
)
ALIGN_UNCONFIRMED = Rule(
    "CP207", "align-unconfirmed", W, "An alignment was never confirmed (`cpkit align --confirm`)."
)

# CP3xx: time and money
DATE_OUTSIDE_PERIOD = Rule(
    "CP301", "date-outside-period", E, "A measure's dates fall outside the planning period."
)
DATES_REVERSED = Rule("CP302", "dates-reversed", E, "A start date comes after its end date.")
NEGATIVE_MONEY = Rule("CP303", "negative-money", E, "An amount of money is negative.")
FOREIGN_CURRENCY = Rule("CP304", "foreign-currency", E, "Money is not in the plan's currency.")
YEAR_OUTSIDE_PERIOD = Rule(
    "CP305", "year-outside-period", W, "A per-year amount is for a year outside the period."
)
COSTS_MISMATCH = Rule(
    "CP306", "costs-mismatch", W, "A measure's costs per year do not add up to its total."
)
MONEY_TWICE = Rule(
    "CP307", "money-twice", W, "A measure and its sub-measures both state costs or funds."
)

# CP4xx: areas and participation
MISSING_SWOT = Rule("CP401", "missing-swot", E, "An area has no SWOT analysis.")
SWOT_QUADRANT = Rule("CP402", "swot-quadrant", E, "A SWOT analysis leaves a quadrant empty.")
TRIAD_SIDE = Rule(
    "CP403", "triad-side", W, "A coordination group does not hear all three sides of the triad."
)
DUPLICATE_SWOT = Rule("CP404", "duplicate-swot", E, "An area has more than one SWOT analysis.")

# CP5xx: the needs matrix
UNANSWERED_GAP = Rule(
    "CP501", "unanswered-gap", W, "A needs-matrix cell is missing and no measure answers it."
)
ANSWER_NOT_MISSING = Rule(
    "CP502", "answer-not-missing", W, "A measure answers a cell that is not marked missing."
)
DUPLICATE_ROW = Rule(
    "CP503", "duplicate-row", E, "Two needs-matrix rows are for the same target group and service."
)

# CP6xx: demographic data (CSV)
CSV_STRUCTURE = Rule("CP601", "csv-structure", E, "A data table is not a well-formed table.")
DATA_TYPE = Rule("CP602", "data-type", E, "A data value is not a year or a number.")
NEGATIVE_COUNT = Rule("CP603", "negative-count", E, "A count in a data table is negative.")
MISSING_YEAR = Rule("CP604", "missing-year", E, "A data table skips a year.")
DUPLICATE_DATA = Rule("CP605", "duplicate-data", E, "A data table has the same year twice.")
BAD_SHARE = Rule("CP606", "bad-share", E, "A demand share is not between 0 and 1.")

# CP7xx: consultation and monitoring
ANONYMOUS_COMMENT = Rule(
    "CP701", "anonymous-comment", E, "A comment has no author; anonymous comments are not filed."
)
COMMENT_OUTSIDE_WINDOW = Rule(
    "CP702", "comment-outside-window", W, "A comment was received outside the comment window."
)
COMMENT_TARGET = Rule(
    "CP703", "comment-target", E, "A comment is about an entity or Part that does not exist."
)
UNSETTLED_COMMENTS = Rule(
    "CP704", "unsettled-comments", E, "The plan is final or adopted while comments are unsettled."
)
NO_WINDOW = Rule("CP705", "no-comment-window", W, "Comments are filed but no window is recorded.")
SETTLEMENT = Rule(
    "CP706", "settlement", W, "A settled comment lacks its decision, or a refusal its reasons."
)
NOT_FILED = Rule(
    "CP708", "not-filed", W,
    "A comment recorded as not filed gives no reason, or is settled like a filed one.",
)  # fmt: skip
MONITORING_YEAR = Rule(
    "CP711", "monitoring-year", E, "A monitoring year is outside the period or given twice."
)
UNKNOWN_INDICATOR = Rule(
    "CP712", "unknown-indicator", E, "A monitoring value names an indicator that does not exist."
)

# CP72x: provider forms returned to `cpkit collect` (the location is FILE:SHEET!CELL)
FORM_UNREADABLE = Rule("CP721", "form-unreadable", E, "A returned file is not a form cpkit made.")
FORM_ELSEWHERE = Rule("CP722", "form-elsewhere", E, "A form is for another plan or another year.")
FORM_PROVIDER = Rule(
    "CP723", "form-provider", E, "A form is for an unknown provider, or names another's rows."
)
FORM_CHANGED = Rule(
    "CP724", "form-changed", E, "A form's pre-filled cells differ from its fingerprint."
)
FORM_NUMBER = Rule("CP725", "form-number", E, "A number cell of a form holds text or a negative.")
FORM_STATUS = Rule("CP726", "form-status", E, "A form gives a measure status that does not exist.")
FORM_SOURCE = Rule("CP727", "form-source", E, "A form gives a fund source the plan does not use.")
FORM_ROW = Rule(
    "CP728", "form-row", E, "A form names a service, measure or indicator not in the plan."
)
FORM_CONFLICT = Rule(
    "CP729", "form-conflict", E,
    "A form changes a value another form, or the plan since the form was made, holds.",
)  # fmt: skip

# CP73x: the annual report (`cpkit render --annual-report Y`), not checked by `check`
ANNUAL_NO_MONITORING = Rule(
    "CP730", "annual-no-monitoring", E,
    "The annual report is asked for a year the plan has no monitoring report of.",
)  # fmt: skip
ANNUAL_OUTSIDE_PERIOD = Rule(
    "CP731", "annual-outside-period", E,
    "The annual report is asked for a year outside the planning period.",
)  # fmt: skip

# CP8xx: what the law requires a plan to state (Czech Act 108/2006 Coll., § 3(h))
STATUTE_PREPARATION = Rule(
    "CP801", "statute-preparation", W, "The plan does not state how it was prepared (§ 3(h))."
)
STATUTE_RESOURCES = Rule(
    "CP802", "statute-resources", W,
    "The plan does not state its resources and needs with an economic assessment (§ 3(h)).",
)  # fmt: skip
STATUTE_STRATEGY = Rule(
    "CP803", "statute-strategy", W, "The plan states no strategy: no objectives and measures."
)
STATUTE_DUTIES = Rule(
    "CP804", "statute-duties", W, "The plan does not state the duties of the parties (§ 3(h))."
)
STATUTE_MONITORING = Rule(
    "CP805", "statute-monitoring", W,
    "The plan does not state how its fulfilment is monitored and evaluated (§ 3(h)).",
)  # fmt: skip
STATUTE_CHANGES = Rule(
    "CP806", "statute-changes", W, "The plan does not state how it is changed (§ 3(h))."
)

# CP9xx: the network of social services
REGISTRY_ID = Rule(
    "CP901", "registry-id", E, "A service's registry identifier is not the registry's 7 digits."
)
PROVIDER_IC = Rule(
    "CP902", "provider-ic", E, "A provider's IČ is not 8 digits with a valid check digit."
)
NETWORK_IDENTITY = Rule(
    "CP903", "network-identity", W,
    "A service in the network lacks its registry identifier, its provider's IČ or its form.",
)  # fmt: skip
NETWORK_YEAR = Rule(
    "CP904", "network-year", W, "A network entry names no year, or a year outside the period."
)
NETWORK_TWICE = Rule(
    "CP905", "network-twice", E, "A service is in the network twice for the same year."
)
NETWORK_CAPACITY = Rule(
    "CP906", "network-capacity", E,
    "A network entry commits no capacity, a negative one, or one unit twice.",
)  # fmt: skip

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
