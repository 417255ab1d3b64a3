"""The site engine's configuration, generated: mkdocs.yml read (and reported at mkdocs.yml:line:col)
first, then what a build adds (the navigation, the site's name, the council's identity, the scratch
files never published) and the Markdown extensions listed in full, so that neither engine applies
defaults of its own. Each engine is given the same settings (see engines.py for how).

mkdocs.yml stays plain: `hooks`, plugins other than search and YAML tags that would run Python
(`!!python/...`) are refused before any engine reads the file."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml

from journey.errors import Problem, UserError

# What the pages are written for: the only Markdown extensions either engine is given, with their
# settings, unless mkdocs.yml lists its own (then exactly those).
MARKDOWN_EXTENSIONS: list[Any] = ["tables", "attr_list", {"toc": {"permalink": False}}]

PLUGINS = ("search",)  # the only plugin a build allows

# The Markdown extensions mkdocs.yml may name: Python-Markdown's and pymdown-extensions' that only
# change how a page's own text is read. Not those that read other files (pymdownx.snippets can publish
# any file on the build machine) or run code named in the config; nor any other module.
EXTENSIONS = ("abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "sane_lists", "smarty",
              "tables", "toc", "pymdownx.betterem", "pymdownx.caret", "pymdownx.details", "pymdownx.keys",
              "pymdownx.mark", "pymdownx.saneheaders", "pymdownx.smartsymbols", "pymdownx.superfences",
              "pymdownx.tabbed", "pymdownx.tasklist", "pymdownx.tilde")

# Keys the project sets itself: mkdocs.yml may not (they would point the engine elsewhere).
OWNED = ("docs_dir", "site_dir", "nav", "strict", "hooks", "exclude_docs", "INHERIT")


class _Loader(yaml.SafeLoader):
    """YAML with positions; any tag beyond YAML's own is refused (a `!!python/...` tag would run code
    in the engine, and `!ENV` reads the environment: neither belongs in a reviewed config)."""


def _refuse(loader: _Loader, suffix: str, node: yaml.Node) -> Any:  # noqa: ARG001
    raise yaml.constructor.ConstructorError(None, None, f"the tag '{node.tag}' is not allowed here", node.start_mark)


_Loader.add_multi_constructor("!", _refuse)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _refuse)


def _where(node: yaml.Node | None) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (0, 0)


def read(path: Path, shown: str = "mkdocs.yml") -> dict:
    """mkdocs.yml as a mapping, or a UserError naming each thing a build refuses, at its line."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise UserError([Problem(shown, 0, 0, "", "is missing; restore it from git (`git checkout mkdocs.yml`)")]) \
            from None
    except (OSError, UnicodeDecodeError) as e:
        raise UserError([Problem(shown, 0, 0, "", f"cannot be read ({type(e).__name__}); save it as UTF-8 text")]) \
            from None
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader) if root is not None else {}
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        words = " ".join(str(e.problem or e.context or "not valid YAML").split())
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise UserError([Problem(shown, line, column, "", f"cannot be read as YAML ({words}); check this line and "
                                                          "the one above")]) from None
    if not isinstance(data, dict):
        raise UserError([Problem(shown, 1, 1, "", "should be a mapping of settings (site_name: ..., theme: ...)")])
    nodes = {k.value: (k, v) for k, v in root.value} if isinstance(root, yaml.MappingNode) else {}
    problems = []
    for key in OWNED:
        if key in data and key not in ("docs_dir", "site_dir"):
            problems.append(Problem(shown, *_where(nodes[key][0]), key,
                                    f"is set by the build ({_OWNED_WHY[key]}); remove it from mkdocs.yml"))
    problems += _extension_problems(data, nodes, shown)
    theme = data.get("theme")
    if isinstance(theme, dict) and theme.get("font", False) is not False:
        theme_node = nodes["theme"][1]
        at = next((k for k, v in theme_node.value if k.value == "font"), theme_node) \
            if isinstance(theme_node, yaml.MappingNode) else theme_node
        problems.append(Problem(shown, *_where(at), "theme.font",
                                "would load the theme's fonts from Google's servers, and the site requests nothing from "
                                "other hosts; set `font: false`"))
    plugins = data.get("plugins")
    for i, item in enumerate(plugins if isinstance(plugins, list) else [plugins] if plugins else []):
        name = next(iter(item)) if isinstance(item, dict) and item else item
        if name not in PLUGINS:
            node = nodes["plugins"][1]
            at = node.value[i] if isinstance(node, yaml.SequenceNode) and i < len(node.value) else node
            problems.append(Problem(shown, *_where(at), "plugins",
                                    f"names the plugin '{name}'; only search is supported (a plugin can change every "
                                    "page in ways the build's checks cannot see), so remove it"))
    if problems:
        raise UserError(problems)
    return data


def _extension_problems(data: dict, nodes: dict, shown: str) -> list[Problem]:
    found = data.get("markdown_extensions") or []
    node = nodes.get("markdown_extensions", (None, None))[1]
    items = found if isinstance(found, list) else [found]
    problems = []
    for i, item in enumerate(items):
        name = next(iter(item)) if isinstance(item, dict) and item else item
        if name in EXTENSIONS or (isinstance(name, str) and name.removeprefix("markdown.extensions.") in EXTENSIONS):
            continue
        at = node.value[i] if isinstance(node, yaml.SequenceNode) and i < len(node.value) else node
        close = difflib.get_close_matches(str(name), EXTENSIONS, n=1, cutoff=0.9)  # a typo, not another one
        problems.append(Problem(shown, *_where(at), "markdown_extensions",
                                f"names the Markdown extension '{name}', " + (f"not one there is: did you mean "
                                f"'{close[0]}'?" if close else "which a build does not allow (it may read other files "
                                f"or run code); remove it. Allowed: {', '.join(EXTENSIONS)}")))
    return problems


_OWNED_WHY = {
    "INHERIT": "its settings come from mkdocs.yml alone, which a reviewer reads whole",
    "nav": "from the registered page kinds, journey/pages/kinds.py",
    "strict": "every build stops on the engine's first warning",
    "hooks": "hooks run Python inside the engine",
    "exclude_docs": "scratch files are left out by the build itself",
}


def generated(user: dict, *, docs: Path, out: Path, theme: Path | None, settings: dict, exclusions: list[str],
              strict: bool = True) -> dict:
    """The engine's whole configuration: mkdocs.yml's settings with the build's own. Paths are
    absolute (an engine resolves relative ones against its config file's folder)."""
    config = {key: value for key, value in user.items() if key not in OWNED}
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(out)
    config["strict"] = strict
    config["plugins"] = list(PLUGINS)
    config["markdown_extensions"] = user.get("markdown_extensions") or MARKDOWN_EXTENSIONS
    if exclusions:
        config["exclude_docs"] = "\n".join(exclusions) + "\n"
    theme_settings = dict(user.get("theme") or {}) if isinstance(user.get("theme"), dict) else {
        "name": user.get("theme") or "material"}
    if theme is not None and (theme.is_dir() or "custom_dir" in theme_settings):
        theme_settings["custom_dir"] = str(theme)
    config["theme"] = theme_settings
    config.update(settings)
    return config


def dump(config: dict) -> str:
    """The configuration as the YAML an engine reads (keys in a fixed order: the same settings, the
    same text)."""
    return yaml.safe_dump(config, sort_keys=True, allow_unicode=True, default_flow_style=False)
