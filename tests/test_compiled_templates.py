"""Compiled templates kept between commands (cpkit.publish.templating): read back instead of
compiled again, compiled again whenever what is on disk does not fit, and never written
where the library was not asked to or into a plan."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from cpkit.model import cache
from cpkit.publish import templating


@pytest.fixture
def on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line's setting, with a cache folder of the test's own."""
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.setenv(templating.ENV_COMPILED, "1")
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    return tmp_path / "cache" / f"templates-{jinja2.__version__}"


def _env(folder: Path) -> jinja2.Environment:
    """An environment as a new process has it: its own, empty memory store."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        bytecode_cache=templating._CompiledTemplates(),
        auto_reload=False,
    )


def _template(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "page.md.j2").write_text(text, encoding="utf-8")
    return folder


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)


def test_a_second_process_reads_what_the_first_compiled(
    tmp_path: Path, on_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _template(tmp_path, "Hello {{ name }}!")
    assert _env(folder).get_template("page.md.j2").render(name="Ústí") == "Hello Ústí!"
    assert len([p for p in on_disk.iterdir() if not p.name.startswith(".")]) == 1
    _no_compiling(monkeypatch)
    assert _env(folder).get_template("page.md.j2").render(name="荃灣") == "Hello 荃灣!"


def test_an_edited_template_is_compiled_again(tmp_path: Path, on_disk: Path) -> None:
    folder = _template(tmp_path, "old {{ name }}")
    assert _env(folder).get_template("page.md.j2").render(name="a") == "old a"
    _template(tmp_path, "new {{ name }}")
    assert _env(folder).get_template("page.md.j2").render(name="a") == "new a"
    # and what is on disk now is the new text's
    (entry,) = [p for p in on_disk.iterdir() if not p.name.startswith(".")]
    fresh = _env(folder)
    fresh.get_template("page.md.j2")
    assert fresh.bytecode_cache.store[entry.name] == entry.read_bytes()  # type: ignore[union-attr]


@pytest.mark.parametrize("torn", [b"", b"j2 not a compiled template", b"\x00" * 40])
def test_a_torn_file_is_compiled_again(tmp_path: Path, on_disk: Path, torn: bytes) -> None:
    folder = _template(tmp_path, "{{ 6 * 7 }}")
    assert _env(folder).get_template("page.md.j2").render() == "42"
    (entry,) = [p for p in on_disk.iterdir() if not p.name.startswith(".")]
    entry.write_bytes(torn)
    assert _env(folder).get_template("page.md.j2").render() == "42"
    assert entry.read_bytes() != torn  # written again, whole


def test_the_library_keeps_them_in_memory_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(templating.ENV_COMPILED, raising=False)
    folder = _template(tmp_path, "{{ 1 + 1 }}")
    assert _env(folder).get_template("page.md.j2").render() == "2"
    assert not (tmp_path / "cache").exists()


def test_pythondontwritebytecode_is_honoured(
    tmp_path: Path, on_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    folder = _template(tmp_path, "{{ 1 + 1 }}")
    assert _env(folder).get_template("page.md.j2").render() == "2"
    assert not on_disk.exists()


def test_nothing_is_written_into_a_plan_that_holds_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.yaml").write_text("plan:\n  title: T\n", encoding="utf-8")
    monkeypatch.setenv(cache.ENV_DIR, str(plan / ".cache"))
    monkeypatch.setenv(templating.ENV_COMPILED, "1")
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    monkeypatch.setattr(cache, "_IN_A_PLAN", set())
    cache.load(plan, cache=False)  # --no-cache: the plan's entries are not read, yet
    folder = _template(tmp_path, "{{ 1 + 1 }}")
    assert _env(folder).get_template("page.md.j2").render() == "2"
    assert not (plan / ".cache").exists()
