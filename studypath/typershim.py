"""Plain command-line parameters without pydantic: a small shim over typer's coercion.

Since 0.2x, typer converts every parameter's value with a pydantic ``TypeAdapter`` it builds on
first use, even a ``str`` or a ``--help`` flag; importing pydantic and building the adapters is
most of a short command's start-up (70-80 ms of about 230). studypath's parameters are all
plain: ``str``, ``bool``, ``list[str]``, ``Path`` and enum choices. For exactly those, this
shim converts values the way typer's adapters do, with typer's own helpers
(``coerce_cli_path``, ``coerce_cli_choice``); anything else (and any value of an unusual type,
such as a flag read from an environment variable) goes to typer's own code, unchanged.

It is shaped as a contribution to typer would be (a fast path in ``build_runtime_param`` for
annotations that need no validation library) and is installed only when typer has the internals
it replaces; ``tests/test_typershim.py`` fails loudly when a typer release changes them, so that
the shim is updated or dropped rather than silently bypassed.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args, get_origin

Convert = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> value; raise to fall back


class _Unusual(Exception):
    """This value is not one the fast path handles: typer's own conversion takes it."""


def install() -> bool:
    """Put the fast path in front of typer's coercion; False when typer has no such internals."""
    try:
        from typer import _coercion, _param_types, core
        from typer._click.exceptions import BadParameter
    except ImportError:  # pragma: no cover - a typer without pydantic coercion needs nothing
        return False
    original = getattr(core, "build_runtime_param", None)
    base = getattr(_coercion, "RuntimeParam", None)
    if original is None or base is None:  # pragma: no cover - see the module's docstring
        return False
    if getattr(original, "studypath_fast_path", False):
        return True

    import dataclasses

    @dataclasses.dataclass(frozen=True)
    class PlainParam(base):  # type: ignore[misc, valid-type]
        convert: Convert
        slow: Callable[[], Any]

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value, param, ctx)
            except _Unusual:
                return self.slow()._coerce_value(value, param, ctx)

    def build(descriptor: Any) -> Any:
        convert = _converter(descriptor, _param_types, BadParameter)
        if convert is None:
            return original(descriptor)
        slow: list[Any] = []

        def fallback() -> Any:
            if not slow:
                slow.append(original(descriptor))
            return slow[0]

        return PlainParam(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            convert=convert,
            slow=fallback,
        )

    build.studypath_fast_path = True  # type: ignore[attr-defined]
    _plain_metavars(core)
    _scoped_zsh_style()
    setattr(core, "build_runtime_param", build)  # noqa: B010 - not a declared export
    return True


def _plain_metavars(core: Any) -> None:
    """Arguments with a metavar read as click writes them: ``ITEM...`` and ``[GOALS...]`` in
    usage lines, and no ``<list[str]>`` after the name in the help (typer writes
    ``{ITEM}...``)."""
    argument = getattr(core, "TyperArgument", None)
    if argument is None or not hasattr(argument, "_usage_display_name"):  # pragma: no cover
        return
    usage, shown = argument._usage_display_name, argument.display_type_rich

    def usage_name(self: Any) -> str:
        if self.metavar is None:
            return str(usage(self))
        name = self.metavar.removesuffix("...") + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"

    def type_name(self: Any, ctx: Any) -> str:
        return "" if self.metavar is not None else str(shown(self, ctx=ctx))

    argument._usage_display_name = usage_name
    argument.display_type_rich = type_name


def _scoped_zsh_style() -> None:
    """``--install-completion`` for zsh without changing the user's completion style for every
    command: typer's installer adds ``zstyle ':completion:*' menu select`` to ``~/.zshrc``
    (when it holds no zstyle at all); this one scopes the style to studypath, and says what it
    added to the file."""
    try:
        from typer import _completion_shared as shared
    except ImportError:  # pragma: no cover
        return
    if getattr(shared.install_zsh, "studypath_scoped", False):
        return

    def install_zsh(*, prog_name: str, complete_var: str, shell: str) -> Path:
        import sys

        zshrc = Path.home() / ".zshrc"
        zshrc.parent.mkdir(parents=True, exist_ok=True)
        content = zshrc.read_text(encoding="utf-8") if zshrc.is_file() else ""
        added = []
        for line in (
            "fpath+=~/.zfunc; autoload -Uz compinit; compinit",
            f"zstyle ':completion:*:*:{prog_name}:*' menu select",
        ):
            if line not in content:
                content = content.rstrip("\n") + f"\n{line}\n"
                added.append(line)
        zshrc.write_text(content.lstrip("\n"), encoding="utf-8")
        for line in added:
            sys.stderr.write(f"added to {zshrc}: {line}\n")
        script = shared.get_completion_script(
            prog_name=prog_name, complete_var=complete_var, shell=shell
        )
        path = Path.home() / f".zfunc/_{prog_name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script, encoding="utf-8")
        return path

    install_zsh.studypath_scoped = True  # type: ignore[attr-defined]
    shared.install_zsh = install_zsh


def _converter(descriptor: Any, types: Any, bad: Any) -> Convert | None:
    """How to convert values of a plain annotation, or None for typer's own way."""
    info = descriptor.parameter_info
    if getattr(info, "parser", None) is not None or descriptor.file_annotation is not None:
        return None
    annotation = descriptor.annotation
    if annotation is str:
        return lambda value, param, ctx: _text(value)
    if annotation is bool:
        return _flag
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        return lambda value, param, ctx: [_text(v) for v in _items(value)]
    if annotation is Path and getattr(info, "path_type", None) is None:

        def path(value: Any, param: Any, ctx: Any) -> Any:
            if not isinstance(value, str | Path):
                raise _Unusual
            return types.coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)

        return path
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        choices = tuple(annotation)

        def choice(value: Any, param: Any, ctx: Any) -> Any:
            try:
                return types.coerce_cli_choice(
                    value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx
                )
            except ValueError as error:
                raise bad(str(error), ctx=ctx, param=param) from None

        return choice
    return None


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode(sys.getfilesystemencoding(), "replace")
    raise _Unusual


def _flag(value: Any, param: Any, ctx: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _Unusual


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]
