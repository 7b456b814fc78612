"""The fast path for plain parameters: installed on this typer, same values as typer's own."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import typer
from typer import _coercion, core
from typer._click.exceptions import BadParameter
from typer.models import ArgumentInfo, OptionInfo

from studypath import typershim

from .helpers import heavy_modules


class Colour(StrEnum):
    red = "red"
    blue = "blue"


def test_installed_on_the_typer_we_run_with() -> None:
    """Fails when a typer release changes the internals the shim replaces: update or drop it."""
    assert typershim.install()
    fast = getattr(core, "build_runtime_param")  # noqa: B009 - not a declared export
    assert getattr(fast, "studypath_fast_path", False), typer.__version__


def convert(annotation: Any, value: Any, info: Any = None) -> Any:
    descriptor = _coercion.resolve_type_descriptor(annotation, info or OptionInfo())
    param = typer.core.TyperOption(param_decls=["--x"], type_descriptor=descriptor)
    context = typer.Context(typer.core.TyperCommand("c"))
    build = getattr(core, "build_runtime_param")  # noqa: B009 - not a declared export
    return build(descriptor).coerce(value, param=param, ctx=context)


def typers_own(annotation: Any, value: Any, info: Any = None) -> Any:
    descriptor = _coercion.resolve_type_descriptor(annotation, info or OptionInfo())
    param = typer.core.TyperOption(param_decls=["--x"], type_descriptor=descriptor)
    context = typer.Context(typer.core.TyperCommand("c"))
    return _coercion.build_runtime_param(descriptor).coerce(value, param=param, ctx=context)


CASES: list[tuple[Any, Any]] = [
    (str, "text"),
    (str, "ünïcode"),
    (str, b"bytes"),
    (bool, True),
    (bool, False),
    (bool, "true"),  # a flag from an environment variable: typer's own way
    (list[str], ["a", "b"]),
    (list[str], ("a",)),
    (Path, "some/file.yaml"),
    (Path, Path("p")),
    (Colour, "blue"),
    (Colour, Colour.red),
    (int, "3"),  # not plain: typer's own way
]


@pytest.mark.parametrize(("annotation", "value"), CASES)
def test_the_same_values_as_typers_own_conversion(annotation: Any, value: Any) -> None:
    typershim.install()
    assert convert(annotation, value) == typers_own(annotation, value)


def test_path_checks_still_apply(tmp_path: Path) -> None:
    typershim.install()
    info = ArgumentInfo(dir_okay=False, exists=True)
    with pytest.raises(BadParameter, match="is a directory"):
        convert(Path, str(tmp_path), info)
    with pytest.raises(BadParameter, match="does not exist"):
        convert(Path, str(tmp_path / "missing"), info)


def test_a_bad_choice_is_a_plain_message() -> None:
    typershim.install()
    with pytest.raises(BadParameter) as error:
        convert(Colour, "green")
    assert str(error.value.message) == "'green' is not one of 'red', 'blue'."


@pytest.mark.parametrize(
    "args",
    [["done", "pca"], ["next", "--goal", "pca"], ["status"], ["--help"], ["plan", "-h"],
     ["export", "-f", "json"], ["undo", "pca"], ["where"]],
)  # fmt: skip
def test_no_pydantic_on_the_warm_path(args: list[str], tmp_path: Path) -> None:
    env = {"STUDYPATH_HOME": str(tmp_path / "h"), "STUDYPATH_CACHE": str(tmp_path)}
    heavy_modules(args, env)  # the second run is warm
    assert "pydantic" not in heavy_modules(args, env)


def test_the_zsh_installer_scopes_its_style_to_studypath_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from typer import _completion_shared as shared

    typershim.install()
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".zshrc").write_text("# mine\n", encoding="utf-8")
    shared.install(shell="zsh", prog_name="studypath", complete_var="_STUDYPATH_COMPLETE")
    zshrc = (tmp_path / ".zshrc").read_text(encoding="utf-8")
    assert "zstyle ':completion:*:*:studypath:*' menu select" in zshrc
    assert "zstyle ':completion:*' menu" not in zshrc  # every other command's style untouched
    assert zshrc.startswith("# mine\n")
    assert "added to" in capsys.readouterr().err
    assert (tmp_path / ".zfunc" / "_studypath").is_file()
    shared.install(shell="zsh", prog_name="studypath", complete_var="_STUDYPATH_COMPLETE")
    assert (tmp_path / ".zshrc").read_text(encoding="utf-8") == zshrc  # nothing twice
