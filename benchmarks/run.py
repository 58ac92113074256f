"""Time cpkit as users run it: whole processes of the installed `cpkit` command.

    python benchmarks/run.py [--sizes 200,2000,10000] [--runs 5] [--out docs/performance.md]
                             [--doorstop] [--profile]

Generates synthetic plans of the given numbers of measures (benchmarks/generate.py) into a
temporary folder, or into --cache to reuse them, and times `cpkit check`, `cpkit gaps` and
`cpkit render` on each, plus `cpkit --help`, `cpkit check` on the bundled examples and on
the plans of benchmarks/hostile.py (10,000 dangling references, 10 MB of CJK folds),
`cpkit diff` of two versions with 300 objectives renumbered, and `cpkit rollup` of 100
generated plans of 100 measures, cold and with the cache warm: wall
time of the whole process, median and minimum of --runs runs, and its peak memory. For
scale it also times the floor: Python's start-up, parsing the plan's YAML with libyaml in
this process, and `cpkit check` with Python's cyclic garbage collector off. Children run
with a bytecode cache of their own, warmed by one untimed run, as after a normal install.
Each process's CPU time (user + system, with the processes it waited for) is shown beside
its wall time.

On each plan it also runs commands alternately and prints their ratios (wall and CPU),
with each side's peak memory: cold `check` against the floor (Python's start-up and
libyaml composing the same files, positions and text as written kept, as cpkit needs),
`check` after one edit against cold, `render` against cold `check`. With --doorstop, from
the venv of requirements/bench.txt (.venv-bench; `make bench BENCH_ARGS=--doorstop`
installs it): cold `check` against yaml-rs loading the same files (values only, the
fastest parse, not one cpkit could use) and against Doorstop validating a tree of as many
items, one per measure, its text the measure's title and description.

It prints Markdown; --out also writes it into a file, between the markers
`<!-- bench:begin -->` and `<!-- bench:end -->` if the file has them. --profile adds what
dominates each command (cProfile and -X importtime), between `<!-- profile:begin -->` and
`<!-- profile:end -->`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import MARKER, generate, renumbered_versions, sizes_for
from hostile import cjk_folds, dangling_references

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("usti-seniors", "hkcss-2023")
# plans that once took quadratic time: (label, writer, size); each is checked in under 2 s
HOSTILE = (
    ("10,000 dangling refs", dangling_references, 10_000),
    ("10 MB of CJK folds", cjk_folds, 10.0),
)
ROLLUP_PLANS, ROLLUP_MEASURES = 100, 100  # `rollup` of a region's municipal plans
ROLLUP_PLAN = f"{ROLLUP_PLANS} plans of {ROLLUP_MEASURES} measures"
RENUMBERED = 300  # objectives renumbered and reworded between the two versions `diff` compares
DIFF_PLAN = f"{RENUMBERED} renumbered"
# --out fills <!-- bench:begin --> ... <!-- bench:end --> and the same for "profile"
# `cpkit` with Python's cyclic garbage collector off, whatever cpkit itself does with it
NO_GC = (
    "import gc, sys; gc.disable(); from cpkit.cli.main import main; sys.argv[0] = 'cpkit'; main()"
)


@dataclass
class Timing:
    label: str
    plan: str
    times: list[float]
    rss_mb: float | None = None  # peak resident memory of the process
    code: int = 0
    cpus: list[float] = field(default_factory=list)  # user + system seconds of each run

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu(self) -> float | None:
        return statistics.median(self.cpus) if self.cpus else None

    @property
    def best(self) -> float:
        return min(self.times)


@dataclass
class Run:
    """One run of a command."""

    wall: float  # seconds
    cpu: float | None  # user + system seconds, the processes it waited for included
    rss: float | None  # peak resident memory, MB
    code: int


@dataclass
class Plan:
    name: str
    path: Path
    measures: int
    files: int
    mb: float


class Runner:
    """Runs commands as users do, with bytecode cached as after a normal install.

    Children get a bytecode cache of their own (PYTHONPYCACHEPREFIX in the work folder), so
    that nothing is written into the repository and a PYTHONDONTWRITEBYTECODE in the
    environment does not make every run compile cpkit anew. Peak memory comes from GNU
    time where it is installed; otherwise from wait4, whose maxrss never falls below the
    runner's own (the child starts as a copy of it), so small values read as "at most".
    """

    def __init__(self, work: Path) -> None:
        self.env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        self.env["CPKIT_CACHE_DIR"] = str(work / "cpkit-cache")  # cold runs pass --no-cache
        self.rss_file = work / "rss.txt"
        self.gnu_time = self._gnu_time()
        self.own_rss = _own_rss_mb()

    def _gnu_time(self) -> str | None:
        path = "/usr/bin/time"
        if not os.access(path, os.X_OK):
            return None
        probe = subprocess.run(
            [path, "-f", "%M", "-o", str(self.rss_file), "true"], capture_output=True, check=False
        )
        ok = probe.returncode == 0 and self.rss_file.read_text().strip().isdigit()
        return path if ok else None

    def once(self, cmd: Sequence[str], cwd: Path) -> tuple[float, float | None, int]:
        """Wall time, peak RSS in MB (None where it cannot be told) and exit code of one run."""
        r = self.measure(cmd, cwd)
        return r.wall, r.rss, r.code

    def measure(self, cmd: Sequence[str], cwd: Path) -> Run:
        """One run: wall time, CPU time (user + system of the process and the processes it
        waited for, from wait4), peak RSS in MB and exit code."""
        if self.gnu_time:
            cmd = [self.gnu_time, "-f", "%M", "-o", str(self.rss_file), *cmd]
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        rss: float | None = None
        cpu: float | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            code = proc.returncode = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
            cpu = usage.ru_utime + usage.ru_stime
        else:
            code = proc.wait()
            elapsed = time.perf_counter() - start
        if self.gnu_time:
            rss = int(self.rss_file.read_text().split()[-1]) / 1024  # the last line: KiB
        return Run(elapsed, cpu, rss, code)

    def timed(self, label: str, plan: str, cmd: Sequence[str], runs: int, cwd: Path) -> Timing:
        times, cpus, peaks, codes = [], [], [], set()
        for _ in range(runs):
            r = self.measure(cmd, cwd)
            times.append(r.wall)
            codes.add(r.code)
            if r.rss is not None:
                peaks.append(r.rss)
            if r.cpu is not None:
                cpus.append(r.cpu)
        t = Timing(label, plan, times, max(peaks) if peaks else None, max(codes), cpus)
        mem = f", {t.rss_mb:.0f} MB" if t.rss_mb is not None else ""
        cpu = f", CPU {t.cpu:.3f} s" if t.cpu is not None else ""
        print(
            f"  {label:<8} {plan:<16} median {t.median:7.3f} s  min {t.best:7.3f} s{cpu}{mem}",
            file=sys.stderr,
        )
        return t


def _own_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def timed_in_process(label: str, plan: str, fn: Callable[[], object], runs: int) -> Timing:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    t = Timing(label, plan, times)
    print(
        f"  {label:<14} {plan:<16} median {t.median:7.3f} s  min {t.best:7.3f} s", file=sys.stderr
    )
    return t


def time_diff(run: Runner, cpkit: str, work: Path, runs: int) -> list[Timing]:
    """`cpkit diff` of two versions of a plan whose objectives were all renumbered and
    reworded: the whole process, and the comparison alone (diff_plans, in this process)."""
    from cpkit.analysis.diff import diff_plans
    from cpkit.api import load_plan

    before, after = renumbered_versions(work / "renumbered", RENUMBERED)
    plans = load_plan(before), load_plan(after)
    command = [cpkit, "diff", str(before), str(after)]
    run.once(command, ROOT)  # its modules' bytecode, as for the other commands
    return [
        run.timed("diff", DIFF_PLAN, command, runs, ROOT),
        timed_in_process("diff_plans", DIFF_PLAN, lambda: diff_plans(*plans), runs),
    ]


def time_rollup(run: Runner, cpkit: str, keep: Path, work: Path, runs: int) -> list[Timing]:
    """`cpkit rollup` of ROLLUP_PLANS generated plans (seeds 1, 2, …) of ROLLUP_MEASURES
    measures: cold (`--no-cache`, every plan parsed, built and checked) and with the cache
    warm (as a second roll-up of the same plans finds it)."""
    plans = [
        p.path for p in (prepare([ROLLUP_MEASURES], seed, keep / "rollup", quiet=True)[0]
                         for seed in range(1, ROLLUP_PLANS + 1))
    ]  # fmt: skip
    out = str(work / "rollup")
    cold = [cpkit, "rollup", "--no-cache", *map(str, plans), "-o", out, "--force"]
    warm = [cpkit, "rollup", *map(str, plans), "-o", out, "--force"]
    run.once(warm, ROOT)  # the bytecode of its modules, and the cache
    return [
        run.timed("rollup, cold", ROLLUP_PLAN, cold, runs, ROOT),
        run.timed("rollup, cache warm", ROLLUP_PLAN, warm, runs, ROOT),
    ]


def yaml_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def parse_all(files: list[Path]) -> None:
    """The floor of any command: read every YAML file and compose its nodes with libyaml,
    with the cyclic garbage collector off, as cpkit runs."""
    gc.disable()
    try:
        for f in files:
            yaml.compose(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    finally:
        gc.enable()
    gc.collect()


def prepare(sizes: list[int], seed: int, folder: Path, *, quiet: bool = False) -> list[Plan]:
    plans = []
    for n in sizes:
        path = folder / f"measures-{n}-seed-{seed}"
        sizes_n = sizes_for(n)
        want = {"seed": seed, **sizes_n.__dict__}
        marker = path / MARKER
        if marker.is_file() and json.loads(marker.read_text())["params"] == want:
            if not quiet:
                print(f"reusing {path.name}", file=sys.stderr)
        else:
            if path.exists():
                shutil.rmtree(path)
            path.mkdir(parents=True)
            if not quiet:
                print(f"generating {path.name}", file=sys.stderr)
            generate(path, sizes_n, seed=seed)
        files = [p for p in path.rglob("*") if p.is_file() and p.name != MARKER]
        mb = sum(p.stat().st_size for p in files) / 1e6
        plans.append(Plan(f"{n:,} measures", path, n, len(files), mb))
    return plans


def find_cpkit(given: str | None) -> Path:
    candidates = [given] if given else [str(Path(sys.executable).parent / "cpkit"), "cpkit"]
    for c in candidates:
        found = shutil.which(c)
        if found:
            return Path(found)
    sys.exit("cpkit is not installed here: run `make demo` first, or pass --cpkit")


# --- paired ratios ------------------------------------------------------------------------

# The floor of `check` for a parser that keeps positions and the text as written, as cpkit
# must: start Python, read every YAML file and compose its nodes with libyaml
FLOOR = (
    "import sys, yaml\n"
    "for f in sys.argv[1:]:\n"
    "    with open(f, encoding='utf-8') as h: yaml.compose(h.read(), Loader=yaml.CSafeLoader)"
)
# The fastest parse of the same files, values only (yaml-rs, in the bench venv)
YAML_RS_FLOOR = (
    "import sys, yaml_rs\n"
    "for f in sys.argv[1:]:\n"
    "    with open(f, encoding='utf-8') as h: yaml_rs.loads(h.read())"
)
YAML_RS_SHORT = "the yaml-rs floor (values only¹)"
YAML_RS_NOTE = (
    "¹ The yaml-rs floor: values only, no positions, YAML 1.2: not usable by cpkit because "
    "it resolves `2.10` to 2.1 and `yes` stays text, but the floor the issue names. The "
    "libyaml floor composes nodes with their positions and the text as written, as cpkit "
    "must."
)


@dataclass
class Pair:
    """Two commands run alternately, `runs` times each, and the ratio of each pair."""

    what: str
    plan: str
    first: list[Run]  # the command measured
    second: list[Run]  # the one it is compared with
    target: float | None = None  # the ratio the issue asks for, at most

    @property
    def ratio(self) -> float:
        return statistics.median(
            a.wall / b.wall for a, b in zip(self.first, self.second, strict=True)
        )

    @property
    def cpu_ratio(self) -> float | None:
        if any(r.cpu is None or r.cpu <= 0 for r in (*self.first, *self.second)):
            return None
        return statistics.median(
            a.cpu / b.cpu  # type: ignore[operator]
            for a, b in zip(self.first, self.second, strict=True)
        )


def side(runs: list[Run]) -> str:
    """Median wall and CPU seconds and the peak RSS of one side of a pair, as table cells."""
    wall = statistics.median(r.wall for r in runs)
    cpus = [r.cpu for r in runs if r.cpu is not None]
    peaks = [r.rss for r in runs if r.rss is not None]
    cpu = fmt_cpu(statistics.median(cpus) if cpus else None)
    rss = f"{max(peaks):,.0f}" if peaks else "–"
    codes = {r.code for r in runs} - {0, 1}
    flag = f" (exit {max(codes)})" if codes else ""
    return f"{wall:.3f}{flag} | {cpu} | {rss}"


@dataclass
class Bench:
    """The optional bench venv (requirements/bench.txt): Doorstop and yaml-rs."""

    python: Path
    doorstop: Path


def find_bench(folder: Path) -> Bench:
    bin_ = folder / ("Scripts" if os.name == "nt" else "bin")
    python = bin_ / ("python.exe" if os.name == "nt" else "python")
    doorstop = bin_ / ("doorstop.exe" if os.name == "nt" else "doorstop")
    if not python.exists() or not doorstop.exists():
        sys.exit(f"no Doorstop in {folder}: run `make bench BENCH_ARGS=--doorstop`")
    return Bench(python, doorstop)


def doorstop_tree(plan: Plan, folder: Path) -> Path:
    """A Doorstop tree of one document with an item per measure of `plan` (sub-measures
    included), its text the measure's title and description (`characteristics`), in a git
    repository of its own, as Doorstop wants a version-control root."""
    from cpkit.api import load_plan

    if folder.exists():
        shutil.rmtree(folder)
    document = folder / "measures"
    document.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    measures = list(load_plan(plan.path).measures())
    digits = max(3, len(str(len(measures))))
    settings = {"settings": {"digits": digits, "prefix": "MEA", "sep": ""}}
    (document / ".doorstop.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    for k, m in enumerate(measures, start=1):
        text = "\n\n".join(t for t in (m.title, m.characteristics) if t)
        item = {
            "active": True, "derived": False, "header": "", "level": f"1.{k}", "links": [],
            "normative": True, "ref": "", "reviewed": None, "text": text,
        }  # fmt: skip
        (document / f"MEA{k:0{digits}d}.yml").write_text(
            yaml.safe_dump(item, allow_unicode=True, sort_keys=True), encoding="utf-8"
        )
    return folder


def paired(
    run: Runner,
    cpkit: str,
    python: str,
    plan: Plan,
    work: Path,
    runs: int,
    bench: Bench | None = None,
) -> list[Pair]:
    """On one plan, each in alternation so that the machine's load falls on both alike:
    cold check vs the floor (libyaml compose; with the bench venv also yaml-rs); check
    after editing one file (cache warm) vs cold check; render vs cold check; with the bench
    venv, cold check vs Doorstop validating a tree of as many items."""
    copy = work / f"edited-{plan.measures}"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(plan.path, copy)
    files = yaml_files(copy)
    edited = files[len(files) // 2]
    cold = [cpkit, "check", "--no-cache", str(copy)]
    warm = [cpkit, "check", str(copy)]
    floor = [python, "-c", FLOOR, *map(str, files)]
    render = [cpkit, "render", "--no-cache", str(copy), "-o", str(work / "paired-render")]
    first_round: list[tuple[str, list[str], Path]] = [
        ("warm", warm, ROOT), ("cold", cold, ROOT), ("floor", floor, ROOT),
    ]  # fmt: skip
    second_round: list[tuple[str, list[str], Path]] = [
        ("render", render, ROOT), ("cold2", cold, ROOT),
    ]  # fmt: skip
    third_round: list[tuple[str, list[str], Path]] = []
    if bench is not None:
        values_only = [str(bench.python), "-c", YAML_RS_FLOOR, *map(str, files)]
        first_round.append(("yaml-rs", values_only, ROOT))
        tree = doorstop_tree(plan, work / f"doorstop-{plan.measures}")
        # untimed: the first run stamps each new item reviewed and saves it (a `git add`
        # per item); the timed runs validate a tree Doorstop has written, as a user's is
        run.once([str(bench.doorstop)], tree)
        # -F: validate without reformatting (and so without saving) each item, which is
        # what `check` does; plain `doorstop` rewrites and `git add`s every item each run
        validate = [str(bench.doorstop), "-F"]
        third_round = [("doorstop", validate, tree), ("cold3", cold, ROOT)]
    run.once(warm, ROOT)  # fill the cache
    out: dict[str, list[Run]] = defaultdict(list)
    for i in range(runs):
        with edited.open("a", encoding="utf-8") as f:
            f.write(f"# edit {i}\n")  # a new text: its entry misses, the others hit
        for round_ in (first_round, second_round, third_round):
            for key, cmd, cwd in round_:
                out[key].append(run.measure(cmd, cwd))
    name = plan.name
    pairs = [
        Pair("cold `check` / the floor (libyaml compose)", name, out["cold"], out["floor"], 2.0),
        Pair("`check` after one edit, cache warm / cold", name, out["warm"], out["cold"], 0.25),
        Pair("`render` / cold `check`", name, out["render"], out["cold2"], 2.5),
    ]  # fmt: skip
    if bench is not None:
        pairs += [
            Pair(f"cold `check` / {YAML_RS_SHORT}", name, out["cold"], out["yaml-rs"]),
            Pair(
                f"cold `check` / `doorstop -F` validating {plan.measures:,} items",
                name, out["cold3"], out["doorstop"],
            ),
        ]  # fmt: skip
    for p in pairs:
        print(f"  {p.what[:42]:<42} {name:<16} ratio {p.ratio:5.2f}", file=sys.stderr)
    return pairs


def ratios(pairs: list[Pair], timings: list[Timing]) -> str:
    """The paired ratios, and the 10,000 vs 2,000 growth, as a Markdown table."""
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    seen = f"; load average {load:.1f} at the end" if load is not None else ""
    lines = [
        "",
        f"Ratios of commands run alternately on the same plan (median of the pairs){seen}. "
        "Wall and CPU seconds (user + system, with the processes each waited for) are "
        "medians, peak RSS the largest of the runs:",
        "",
        "| ratio | plan | wall ratio | CPU ratio | target | first: wall s | CPU s | peak RSS MB "
        "| second: wall s | CPU s | peak RSS MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for p in pairs:
        verdict = "" if p.target is None else ("PASS" if p.ratio <= p.target else "MISS")
        target = f"≤ {p.target:g} {verdict}" if p.target is not None else ""
        cpu = f"{p.cpu_ratio:.2f}" if p.cpu_ratio is not None else "–"
        lines.append(
            f"| {p.what} | {p.plan} | {p.ratio:.2f} | {cpu} | {target} | {side(p.first)} "
            f"| {side(p.second)} |"
        )
    if any(p.what.endswith(YAML_RS_SHORT) for p in pairs):
        lines += ["", YAML_RS_NOTE]
    return "\n".join(lines) + "\n"


def hostile_corpus(run: Runner, cpkit: str, work: Path) -> list[Timing]:
    """Each file of the hostile corpus (tests/test_hostile.py CASES) checked once, whole
    process: each under 5 s (the tests assert what is refused and where, not how fast)."""
    tests = ROOT / "tests"
    sys.path.insert(0, str(tests))
    try:
        from test_hostile import CASES

        from conftest import write_plan
    except ImportError:  # pytest not installed: the bench runs without the corpus
        return []
    timings = []
    for name, (content, *_) in CASES.items():
        folder = write_plan(work / "corpus" / name, {name: content})
        elapsed, rss, code = run.once([cpkit, "check", "--no-cache", str(folder)], ROOT)
        timings.append(Timing("check", f"hostile {name}", [elapsed], rss, code))
        if elapsed > HOSTILE_SECONDS:
            print(f"  SLOW: hostile {name}: {elapsed:.1f} s", file=sys.stderr)
    return timings


HOSTILE_SECONDS = 5.0


# --- report -------------------------------------------------------------------------------


def fmt_rss(t: Timing) -> str:
    return f"{t.rss_mb:,.0f}" if t.rss_mb is not None else "–"


def fmt_cpu(cpu: float | None) -> str:
    return f"{cpu:.3f}" if cpu is not None else "–"


def report(
    timings: list[Timing], floors: list[Timing], plans: list[Plan], runs: int, run: Runner
) -> str:
    by = {(t.label, t.plan): t for t in timings}
    if run.gnu_time:
        memory = "peak RSS of each process by GNU time"
    else:
        own = f"{run.own_rss:.0f} MB" if run.own_rss else "the runner's own"
        memory = f"peak RSS by wait4, never below the runner's own ({own})"
    lines = [
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs. Wall time of the whole process, {runs} runs each, bytecode "
        f"cached; {memory}.",
        "",
        "| command | plan | files | YAML+CSV MB | median s | min s | CPU s | peak RSS MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    info = {p.name: p for p in plans}
    for t in timings:
        p = info.get(t.plan)
        files, mb = (str(p.files), f"{p.mb:.1f}") if p else ("", "")
        flag = "" if t.code in (0, 1) else f" (exit {t.code})"
        lines.append(
            f"| `{t.label}`{flag} | {t.plan} | {files} | {mb} | {t.median:.3f} | {t.best:.3f} "
            f"| {fmt_cpu(t.cpu)} | {fmt_rss(t)} |"
        )
    lines += [
        "",
        "The floor, for scale:",
        "",
        "| what | plan | median s | min s |",
        "| --- | --- | ---: | ---: |",
    ]
    lines += [f"| {t.label} | {t.plan} | {t.median:.3f} | {t.best:.3f} |" for t in floors]
    sizes = [p.measures for p in plans]
    if 2000 in sizes and 10000 in sizes:
        ratio = by[("check", "10,000 measures")].median / by[("check", "2,000 measures")].median
        lines += ["", f"check(10,000) / check(2,000) = {ratio:.2f} (5× the measures)"]
    lines += ["", *targets(by)]
    return "\n".join(lines) + "\n"


def targets(by: dict[tuple[str, str], Timing]) -> list[str]:
    def median(label: str, plan: str) -> float | None:
        t = by.get((label, plan))
        return t.median if t else None

    def rollup(how: str) -> float | None:
        return median(f"rollup, {how}", ROLLUP_PLAN)

    examples = [median("check", e) for e in EXAMPLES]
    c2, c10 = median("check", "2,000 measures"), median("check", "10,000 measures")
    rows: list[tuple[str, float | None, float, str]] = [
        ("`cpkit check` on an example", max(examples) if None not in examples else None, 0.3, "s"),
        ("`cpkit --help`", median("--help", ""), 0.2, "s"),
        ("`cpkit check` on 2,000 measures", c2, 1.0, "s"),
        (
            "`cpkit check` linear: 10,000 vs 2,000 measures",
            c10 / c2 if c2 and c10 else None,
            5.5,
            "×",
        ),
        ("`cpkit render` on 2,000 measures", median("render", "2,000 measures"), 3.0, "s"),
        *((f"`cpkit check` on {label}", median("check", label), 2.0, "s") for label, *_ in HOSTILE),
        (f"diff_plans, {DIFF_PLAN} objectives", median("diff_plans", DIFF_PLAN), 1.0, "s"),
        (f"`cpkit diff`, {DIFF_PLAN} objectives", median("diff", DIFF_PLAN), 1.0, "s"),
        *(
            (f"`cpkit rollup`, {ROLLUP_PLAN}, {how}", rollup(how), 5.0, "s")
            for how in ("cache warm", "cold")
        ),
    ]
    out = ["| target | limit | measured | result |", "| --- | ---: | ---: | --- |"]
    for what, got, limit, unit in rows:
        if got is None:
            out.append(f"| {what} | < {limit:g} {unit} | – | not measured |")
            continue
        verdict = "PASS" if got < limit else f"MISS by {got / limit:.1f}×"
        measured = f"{got:.2f} {unit}" if unit == "×" else f"{got:.3f} {unit}"
        out.append(f"| {what} | < {limit:g} {unit} | {measured} | {verdict} |")
    return out


def write_out(path: Path, blocks: dict[str, str]) -> None:
    """Replace each block between its markers; a file without markers gets all of them."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not any(f"<!-- {name}:begin -->" in old for name in blocks):
        path.write_text("\n".join(blocks.values()), encoding="utf-8")
        return
    for name, text in blocks.items():
        begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
        if begin in old and end in old:
            head, _, rest = old.partition(begin)
            _, _, tail = rest.partition(end)
            old = f"{head}{begin}\n\n{text}\n{end}{tail}"
    path.write_text(old, encoding="utf-8")


# --- profile ------------------------------------------------------------------------------

STAGES = (  # (label, file, function): what the cumulative time of a function stands for
    ("imports", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("source and model: read, parse and build each file", "cpkit/model/cache.py", "load"),
    ("  of which parsing (compose.parse_yaml)", "cpkit/source/compose.py", "parse_yaml"),
    ("    of which libyaml's composer", "yaml/__init__.py", "compose"),
    ("    of which the nesting bound", "cpkit/source/compose.py", "depth_bound"),
    ("    of which the duplicate-key and alias guard", "cpkit/source/compose.py", "_guard"),
    ("  of which nodes → entities (build_part)", "cpkit/model/build.py", "build_part"),
    ("checks", "cpkit/checks/__init__.py", "run_checks"),
    ("print diagnostics", "cpkit/cli/check.py", "_print_text"),
    ("table: services", "cpkit/analysis/gaps.py", "service_gaps"),
    ("table: capacity", "cpkit/analysis/gaps.py", "capacity_gaps"),
    ("table: funding", "cpkit/analysis/gaps.py", "funding_gaps"),
    ("table: progress", "cpkit/analysis/gaps.py", "progress_gaps"),
    ("table: participation", "cpkit/analysis/gaps.py", "participation_gaps"),
    ("print tables (rich)", "cpkit/cli/terminal.py", "print_tables"),
    ("render: build_document (tables, charts)", "cpkit/publish/document.py", "build_document"),
    ("  of which the progress chart", "cpkit/publish/charts/progress.py", "progress_chart"),
    ("render: Markdown templates (render_markdown)", "cpkit/publish/render.py", "render_markdown"),
    ("render: the HTML page (page_pieces)", "cpkit/publish/render.py", "page_pieces"),
    ("  of which Markdown → HTML and sanitising", "cpkit/publish/render.py", "sanitised"),
)


def package_of(filename: str, name: str) -> str:
    """What a function belongs to: cpkit's module, a third-party package, or the stdlib."""
    if filename == "~":
        if re.search(r"marshal|_imp\.|posix\.(stat|listdir|open)|io\.open_code", name):
            return "imports (builtins)"
        return f"builtin {name.strip('<>').removeprefix('built-in method ')}"
    if filename.startswith("<frozen"):
        return "imports (importlib)"
    f = filename.replace("\\", "/")
    if "/site-packages/" in f:
        return f.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/cpkit/" in f:
        return "cpkit/" + f.rsplit("/cpkit/", 1)[1]
    m = re.search(r"/python3\.\d+/(.+?)(?:/|\.py$)", f)
    return f"stdlib {m.group(1)}" if m else f


def profile(python: str, args: list[str], work: Path, env: dict[str, str]) -> str:
    """cProfile one command; Markdown: its stages, packages and functions by share of time."""
    prof = work / "profile.out"
    subprocess.run(
        [python, "-m", "cProfile", "-o", str(prof), "-m", "cpkit", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    st = pstats.Stats(str(prof))
    raw = st.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    lines = [
        f"Profiled time {total:.2f} s. cProfile slows pure-Python code down more than C code, "
        "and sees the main thread only: work handed to a thread shows as waiting on a lock.",
        "",
    ]
    lines += ["| stage | cumulative s | share |", "| --- | ---: | ---: |"]
    for label, file, name in STAGES:
        cum = sum(v[3] for (f, _, n), v in raw.items() if f.endswith(file) and n == name)
        if cum >= 0.005:
            lines.append(f"| {label} | {cum:.2f} | {cum / total:.0%} |")
    packages: dict[str, float] = defaultdict(float)
    for (f, _, n), v in raw.items():
        packages[package_of(f, n)] += v[2]
    lines += ["", "| self time by module | s | share |", "| --- | ---: | ---: |"]
    for pkg, s in sorted(packages.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"| {pkg} | {s:.2f} | {s / total:.0%} |")
    lines += ["", "| function (self time) | calls | s | share |", "| --- | ---: | ---: | ---: |"]
    top = sorted(raw.items(), key=lambda kv: -kv[1][2])[:12]
    for (f, line, n), v in top:
        where = package_of(f, n) + (f":{line}" if f != "~" else "")
        lines.append(f"| `{n}` {where} | {v[1]:,} | {v[2]:.2f} | {v[2] / total:.0%} |")
    return "\n".join(lines) + "\n"


def import_times(python: str, args: list[str], env: dict[str, str]) -> str:
    """The top-level imports of one command, by cumulative time (-X importtime)."""
    proc = subprocess.run(
        [python, "-X", "importtime", "-m", "cpkit", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    top: list[tuple[int, str]] = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if m and not m.group(3):
            top.append((int(m.group(2)), m.group(4)))
    total = sum(us for us, _ in top)
    lines = [f"All imports: {total / 1e6:.3f} s.", "", "| top-level import | s |", "| --- | ---: |"]
    lines += [f"| {name} | {us / 1e6:.3f} |" for us, name in sorted(top, reverse=True)[:10]]
    return "\n".join(lines) + "\n"


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="200,2000,10000", help="plan sizes, in measures")
    p.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated plans")
    p.add_argument("--cache", type=Path, help="keep generated plans here and reuse them")
    p.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    p.add_argument("--cpkit", help="the cpkit command to time (default: next to this Python)")
    p.add_argument(
        "--doorstop",
        action="store_true",
        help="also pair cold check with Doorstop on as many items, and with the yaml-rs "
        "floor, from the bench venv (make bench BENCH_ARGS=--doorstop installs it)",
    )
    p.add_argument(
        "--bench-venv",
        type=Path,
        default=ROOT / ".venv-bench",
        help="the venv of requirements/bench.txt (default .venv-bench)",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also profile check, gaps and render on plans of 2,000 measures or more",
    )
    args = p.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    cpkit = str(find_cpkit(args.cpkit))
    python = sys.executable
    runs = max(1, args.runs)
    bench = find_bench(args.bench_venv) if args.doorstop else None
    with tempfile.TemporaryDirectory(prefix="cpkit-bench-") as tmp:
        work = Path(tmp)
        keep = args.cache or work
        keep.mkdir(parents=True, exist_ok=True)
        plans = prepare(sizes, args.seed, keep)
        run = Runner(keep)
        print("warming up (bytecode cache, file cache)", file=sys.stderr)
        run.once([python, "-c", "pass"], ROOT)
        run.once([cpkit, "--help"], ROOT)
        for plan in plans:
            run.once([cpkit, "check", str(plan.path)], ROOT)
        run.once([cpkit, "gaps", str(plans[0].path)], ROOT)
        run.once([cpkit, "render", str(plans[0].path), "-o", str(work / "warm-up")], ROOT)
        timings = [run.timed("--help", "", [cpkit, "--help"], runs, ROOT)]
        pairs: list[Pair] = []
        for e in EXAMPLES:
            cmd = [cpkit, "check", "--no-cache", f"examples/{e}"]
            timings.append(run.timed("check", e, cmd, runs, ROOT))
        for label, write, size in HOSTILE:
            where = str(write(work / "hostile", size))  # type: ignore[operator]
            run.once([cpkit, "check", where], ROOT)
            cmd = [cpkit, "check", "--no-cache", where]
            timings.append(run.timed("check", label, cmd, runs, ROOT))
        timings += hostile_corpus(run, cpkit, work)
        for plan in plans:
            where = str(plan.path)
            html = str(work / f"render-{plan.measures}")
            cold = [cpkit, "check", "--no-cache", where]
            timings += [
                run.timed("check", plan.name, cold, runs, ROOT),
                run.timed("gaps", plan.name, [cpkit, "gaps", "--no-cache", where], runs, ROOT),
                run.timed(
                    "render",
                    plan.name,
                    [cpkit, "render", "--no-cache", where, "-o", html],
                    runs,
                    ROOT,
                ),
            ]
            pairs += paired(run, cpkit, python, plan, work, runs, bench)
        timings += time_diff(run, cpkit, work, runs)
        timings += time_rollup(run, cpkit, keep, work, runs)
        floors = [run.timed("`python -c pass`", "", [python, "-c", "pass"], runs, ROOT)]
        for plan in plans:
            if plan.measures >= 2000:
                no_gc = [python, "-c", NO_GC, "check", str(plan.path)]
                floors.append(
                    run.timed("`cpkit check`, cyclic GC off", plan.name, no_gc, runs, ROOT)
                )
        for plan in plans:
            files = yaml_files(plan.path)
            floors.append(
                timed_in_process(
                    "parse the YAML in-process (libyaml compose, GC off)",
                    plan.name,
                    lambda files=files: parse_all(files),
                    runs,
                )
            )
        blocks = {"bench": report(timings, floors, plans, runs, run) + ratios(pairs, timings)}
        if args.profile:
            parts = []
            for plan in plans:
                if plan.measures < 2000:
                    continue
                for cmd in (["check"], ["gaps"], ["render", "-o", str(work / "profiled")]):
                    print(f"profiling {cmd[0]} on {plan.name}", file=sys.stderr)
                    parts.append(f"#### `cpkit {cmd[0]}`, {plan.name}\n")
                    where = [cmd[0], str(plan.path), *cmd[1:]]
                    parts.append(profile(python, where, work, run.env))
            for cmd in (["check", "examples/usti-seniors"], ["--help"]):
                parts.append(f"#### Imports of `cpkit {' '.join(cmd)}`\n")
                parts.append(import_times(python, cmd, run.env))
            blocks["profile"] = "\n".join(parts)
    print("\n".join(blocks.values()))
    if args.out:
        write_out(args.out, blocks)
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
