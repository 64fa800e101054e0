"""Compiled templates kept between builds.

Each build makes new Jinja environments (the kit's for its pages, MkDocs' for the theme), which
compile every template they use again: on a small site most of a build's time. Jinja's bytecode
cache keeps the compiled code in the project's cache folder and uses it while the template's
source is unchanged (it compares a checksum of the source).
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache

from consortia.incremental import values_digest


def keep_compiled(environment: Environment, cache_dir: Path | None) -> Environment:
    """`environment`, keeping what it compiles under `cache_dir` (nothing kept when None or unwritable)."""
    if cache_dir is None:
        return environment
    folder = cache_dir / "templates" / values_digest(_compiled_with(environment))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return environment  # a cache is a saving, not a need
    environment.bytecode_cache = FileSystemBytecodeCache(os.fspath(folder))
    return environment


def _compiled_with(environment: Environment) -> list:
    """What Jinja's compiled code depends on besides the source: code compiled with other
    extensions, delimiters or output handling is kept apart."""
    settings = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline", "optimized")
    return [sorted(environment.extensions), *(getattr(environment, name) for name in settings),
            _named(environment.autoescape), _named(environment.finalize),
            sorted((name, _named(policy)) for name, policy in environment.policies.items())]


def _named(value: object) -> object:
    """A function by its name, which stays the same from one run to the next (its repr holds an address)."""
    return f"{value.__module__}.{value.__qualname__}" if callable(value) else value
