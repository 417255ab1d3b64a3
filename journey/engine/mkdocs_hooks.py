"""MkDocs hooks the build itself gives MkDocs (never mkdocs.yml, which may hold none): MkDocs' public
plugin events, loaded through its public `hooks` setting (engines.MkDocs). The theme's compiled
templates are kept between builds in the engine's workspace, so a preview's rebuild does not compile
Material's templates again (about a second on every build otherwise)."""

from __future__ import annotations

from pathlib import Path

from journey.cache import template_cache


def on_env(env, config, files):  # noqa: ARG001 - MkDocs' event, by its names
    env.bytecode_cache = template_cache(Path(config.config_file_path).parent / "templates")
    return env
