"""A per-file cache of what each YAML file builds into, so that a re-check reads only the
files that changed.

An entry is keyed on the file's path in the plan, a hash of its text, cpkit's version, the
Python version, the YAML parser in use and a stamp of the code that parses and builds (so
an edited checkout never reads entries its old code wrote). It holds the file's parse
diagnostics and its `Part` (entities, positions, build diagnostics) as a pickle of plain
values. The whole-plan checks always run again on the joined plan.

Entries live in the user's cache folder (`CPKIT_CACHE_DIR`, else `$XDG_CACHE_HOME/cpkit`,
else `~/.cache/cpkit`), never inside the plan folder. Each is written to a temporary file
and renamed into place, so two processes at once each see a whole entry or none; an entry
that cannot be read or unpickled is ignored and written again.

The folder does not grow without end: an entry not used for KEEP_DAYS days, and the
entries of other cpkit versions and other code (each upgrade leaves a whole set behind),
are deleted, at most once a day, by a check that has written an entry (`prune`); so are
compiled templates not written for as long (cpkit.publish.templating). An entry
that is read has its modification time renewed once a day, so entries in use stay.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cpkit.core.diagnostics import Diagnostic, Loc
from cpkit.model.build import Part, build_part
from cpkit.source import compose
from cpkit.source.compose import parse_yaml, tagged_nodes
from cpkit.source.folder import Document, Source, load_folder

ENV_DIR = "CPKIT_CACHE_DIR"
_FORMAT = 4  # bump when what an entry holds changes shape

KEEP_DAYS = 30  # an entry unused this long is deleted
_DAY = 24 * 60 * 60
_PRUNED = ".pruned"  # its modification time: when the folder was last pruned

ENV_SWITCH = "CPKIT_CACHE"  # "1": on. The command line sets it; `--no-cache` sets "0"


def default() -> bool:
    """Whether `load(path)` without `cache=` uses the cache: off in the library (which
    writes nothing unless asked), on in the command line unless `--no-cache` is given."""
    return os.environ.get(ENV_SWITCH) == "1"


def cache_dir() -> Path:
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "cpkit"


def _code_stamp() -> str:
    """Names, sizes and modification times of the modules that parse and build a file."""
    package = Path(__file__).resolve().parent.parent
    version = sys.modules["cpkit"].__version__  # the package, imported before this module
    h = hashlib.sha256(f"{_FORMAT} {version} {sys.version} {compose._LIBYAML}".encode())
    for stage in ("core", "source", "model"):
        for module in sorted((package / stage).glob("*.py")):
            info = module.stat()
            h.update(f"{stage}/{module.name} {info.st_size} {info.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


def load(path: str | os.PathLike[str], cache: bool | None = None) -> tuple[Source, list[Part]]:
    """The plan folder's source and each YAML document's part, through the cache
    (`cache`: None for `default()`)."""
    use = default() if cache is None else cache
    source = load_folder(path, parse=False)
    folder = cache_dir()
    if _inside(folder, source.root):
        use = False  # a cache inside the plan would be read as part of it, or committed
        _IN_A_PLAN.add(folder)
    store = folder / f"v{_FORMAT}-{_code_stamp()}" if use else None
    parts: list[Part] = []
    wrote = False
    for rel, text in source.texts or ():
        entry = None
        if store is not None:
            digest = hashlib.sha256(f"{rel}\0{text}".encode("utf-8", "surrogatepass"))
            entry = store / digest.hexdigest()
            found = _read(entry)
            if found is not None:
                source.diagnostics.extend(found[0])
                if found[1] is not None:
                    parts.append(found[1])
                continue
        diagnostics: list[Diagnostic] = []
        root = parse_yaml(text, rel, diagnostics)
        part = None if root is None else build_part(Document(rel, root, tagged_nodes(root, text)))
        source.diagnostics.extend(diagnostics)
        if part is not None:
            parts.append(part)
        if entry is not None:
            _write(entry, (diagnostics, part))
            wrote = True
    if wrote and store is not None:
        prune(folder, store)
    return source, parts


# the folders pruning looks at: the plan entries of each version, and compiled templates of
# each Jinja (cpkit.publish.templating; a folder of them pruned is only compiled again)
_STORES = ("v", "templates-")
_IN_A_PLAN: set[Path] = set()  # cache folders a plan read by this process holds


def folder_for(name: str) -> Path | None:
    """A folder of the cache for what cpkit keeps that is no plan's (`name`: compiled
    templates), or None when a plan this process read holds the cache folder."""
    folder = cache_dir()
    return None if folder in _IN_A_PLAN else folder / name


def prune(folder: Path, store: Path, now: float | None = None) -> None:
    """Delete what no check has used for KEEP_DAYS days: entries of `store` (the current
    code's), and other stores whose newest entry is that old. At most once a day; a
    folder that cannot be pruned (read-only, another process deleting) is no error."""
    now = time.time() if now is None else now
    marker = folder / _PRUNED
    try:
        if now - marker.stat().st_mtime < _DAY:
            return
    except OSError:
        pass  # never pruned
    oldest = now - KEEP_DAYS * _DAY
    try:
        marker.touch()
        os.utime(marker, (now, now))
        stores = [d for d in folder.iterdir() if d.is_dir() and d.name.startswith(_STORES)]
    except OSError:
        return
    for found in stores:
        try:
            entries = list(found.iterdir())
            stale = [e for e in entries if e.stat().st_mtime < oldest]
            if found != store and len(stale) == len(entries):
                shutil.rmtree(found, ignore_errors=True)
                continue
            for entry in stale:
                entry.unlink(missing_ok=True)
        except OSError:
            continue


def _inside(folder: Path, root: Path) -> bool:
    try:
        real, plan = folder.resolve(), root.resolve()
    except OSError:
        return True
    return real == plan or plan in real.parents


def _read(entry: Path) -> tuple[list[Diagnostic], Part | None] | None:
    collecting = gc.isenabled()
    gc.disable()  # a tree of entities has no cycles: the collector's passes only cost
    try:
        with open(entry, "rb") as f:
            value = pickle.load(f)
            _renew(f.fileno())
    except FileNotFoundError:
        return None
    except Exception:  # a torn, truncated or foreign file: as if there were none
        return None
    finally:
        if collecting:
            gc.enable()
    if (
        not isinstance(value, tuple)
        or len(value) != 2
        or not isinstance(value[0], list)
        or not (value[1] is None or isinstance(value[1], Part))
    ):
        return None
    return value


def _renew(fd: int) -> None:
    """Mark an entry as used (its modification time), once a day: pruning keeps it."""
    try:
        if time.time() - os.fstat(fd).st_mtime > _DAY:
            os.utime(fd)
    except OSError:
        pass


def _write(entry: Path, value: tuple[list[Diagnostic], Part | None]) -> None:
    """Write the entry whole or not at all; a cache that cannot be written is no error."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                _Pickler(f, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        pass


class _Pickler(pickle.Pickler):
    """Pickles entities so that loading them runs in C and makes few objects: a slotted
    dataclass as its slots' values (dataclasses' own `__setstate__` looks up the fields in
    Python for each object, which made a warm load as slow as parsing), a frozen one as the
    arguments of its constructor, a Loc as the tuple it is.

    Equal texts are written once and loaded as one object (the pickle memo shares only the
    same object, and the parser makes a new string for every `status: done`): with the
    positions, which the converter keeps as numbers under shared keys, these were half of
    the objects a warm check loaded."""

    def __init__(self, file: Any, protocol: int | None = None) -> None:
        super().__init__(file, protocol=protocol)
        self._texts: dict[str, str] = {}
        # id → (original, its copy with shared texts): an object met twice is copied once,
        # so the memo still shares it; the original is kept alive while its id is a key
        self._copies: dict[int, tuple[object, object]] = {}

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        plan = _PLANS.get(cls)
        if plan is None:
            plan = _PLANS[cls] = _plan(cls)
        if plan is _DEFAULT:
            return NotImplemented
        if plan is _LOC:  # made in C, as a named tuple's own `_make` does
            return tuple.__new__, (cls, (self._shared(obj.file), obj.line, obj.column))
        frozen, names = plan
        if frozen:
            return cls, tuple(self._shared(getattr(obj, n)) for n in names)
        unset = _UNSET
        state = {}
        for n in names:
            v = getattr(obj, n, unset)
            if v is not unset:
                state[n] = self._shared(v)
        return copyreg.__newobj__, (cls,), (None, state)

    def _shared(self, value: Any) -> Any:
        """`value` with its texts (and those of a list of texts) the ones already written."""
        kind = type(value)
        if kind is str:
            return self._texts.setdefault(value, value)
        if kind is list and value and all(type(v) is str for v in value):
            return self._copy(value, lambda: [self._texts.setdefault(v, v) for v in value])
        return value

    def _copy(self, original: Any, make: Any) -> Any:
        done = self._copies.get(id(original))
        if done is None:
            done = self._copies[id(original)] = (original, make())
        return done[1]


_DEFAULT: Any = object()
_LOC: Any = object()
_UNSET = object()
_PLANS: dict[type, Any] = {}


def _plan(cls: type) -> Any:
    if cls is Loc:
        return _LOC
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__:
        return _DEFAULT
    fields = dataclasses.fields(cls)
    if cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        if not all(f.init and not f.kw_only for f in fields):
            return _DEFAULT
        return True, [f.name for f in fields]
    names = [n for c in cls.__mro__ for n in c.__dict__.get("__slots__", ())]
    return False, names


def dumps(value: object) -> bytes:
    """`value` pickled as the cache writes it (for tests and benchmarks)."""
    out = io.BytesIO()
    _Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()
