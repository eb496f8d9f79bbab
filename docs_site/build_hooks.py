"""MkDocs hooks for the live pages: serve Pyodide's core and convmap itself from the site.

Registered in ``mkdocs.yml`` under ``hooks:``. After every build (``mkdocs
build`` and each rebuild of ``mkdocs serve``) this module copies

* Pyodide's core files from ``node_modules/pyodide`` (installed by ``npm ci``
  from the pinned ``package.json`` / ``package-lock.json``) to
  ``<site>/live/pyodide/``, and
* convmap's own package, zipped from the installed sources (never a committed
  copy), to ``<site>/live/convmap-<version>-<hash>.zip``,

and writes ``<site>/live/engine.json`` naming those files and their sizes (the
page script reads the zip's name there). In the live pages it replaces the
token ``@@CONVMAP_ENGINE_SIZE@@`` with the total download (e.g. ``"12.3 MB"``),
so the start button states its size before anything is downloaded.

A language edition built into a folder of the main site (mkdocs-static-i18n
builds ``site/zh`` inside ``site``) gets no second copy: its ``engine.json``
says where the main site's files are (``"base": "../../live/"``), relative to
itself.

Without ``node_modules/pyodide`` the build fails with a message saying to run
``npm ci`` (the Makefile's ``serve``, ``site`` and ``test`` targets do). A core file
already in the site with the same size and a newer time is not copied again (each
``mkdocs serve`` rebuild writes into the same folder).

Dirty builds (``mkdocs serve --dirty``, which ``make serve`` runs) rebuild only the pages
whose Markdown changed. When anything else the pages are computed from changed (convmap,
``docs_site/``, an example, a snippet: the inputs key of `docs_site.build_cache`), every
page of the edition is rebuilt, so no page keeps facts computed from old inputs. In
those builds Material's search plugin merges the previous index into the new one and
mkdocs-static-i18n stacks both editions' indexes again, so every rebuild would double
the index: `on_post_build` keeps each page's newest entries once (`newest_entries`).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # mkdocs loads this file by path, before the macros module
    sys.path.insert(0, str(ROOT))

from docs_site import build_cache  # noqa: E402

PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
#: Only the core: the runtime, the standard library and the lock file (no packages).
CORE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: Files the browser fetches when the engine starts (``pyodide.mjs`` is the
#: module twin of ``pyodide.js``: served, never fetched by the live pages).
FETCHED = (
    "pyodide.js",
    "pyodide.asm.js",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
SIZE_TOKEN = "@@CONVMAP_ENGINE_SIZE@@"

_state: dict[str, Any] = {}


def pinned_version() -> str:
    """The exact Pyodide version ``package.json`` pins."""
    spec = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"][
        "pyodide"
    ]
    if not spec[:1].isdigit():
        raise ValueError(f"package.json must pin pyodide to an exact version, got {spec!r}")
    return spec


def installed_version() -> str:
    """The version of ``node_modules/pyodide``, or a clear error if it is missing or stale."""
    manifest = PYODIDE_DIR / "package.json"
    if not manifest.is_file():
        raise FileNotFoundError(
            f"Pyodide's core is not installed ({manifest} is missing): run `npm ci` in {ROOT} "
            "(make serve, make site and make test do it for you)"
        )
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if version != pinned_version():
        raise RuntimeError(
            f"node_modules/pyodide is {version} but package.json pins {pinned_version()}: "
            "run `npm ci`"
        )
    return version


def package_zip() -> bytes:
    """The convmap package (``.py`` files and ``py.typed``) as a zip, from the installed sources.

    The zip holds ``convmap/...`` so it unpacks straight into ``site-packages``.
    Entries are sorted and dated 1980-01-01, so the same sources give the same bytes.
    """
    import convmap

    package = Path(convmap.__file__).resolve().parent
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.rglob("*")):
            if path.suffix not in (".py", ".typed") or "__pycache__" in path.parts:
                continue
            name = "convmap/" + path.relative_to(package).as_posix()
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def copy_if_changed(source: Path, target: Path) -> bool:
    """Copy ``source`` to ``target`` unless ``target`` has its size and is newer; True if copied."""
    if target.is_file():
        src, dst = source.stat(), target.stat()
        if src.st_size == dst.st_size and dst.st_mtime_ns >= src.st_mtime_ns:
            return False
    shutil.copyfile(source, target)
    return True


def human_size(n_bytes: int) -> str:
    """``12345678`` -> ``"12.3 MB"`` (decimal megabytes, as browsers show downloads)."""
    return f"{n_bytes / 1e6:.1f} MB"


def on_pre_build(config: Any) -> None:
    """Check the engine is installed and zip convmap once per build."""
    import convmap

    _state.setdefault("root_site", Path(config["site_dir"]).resolve())
    _state.setdefault("editions", []).append(_edition(config))  # popped in on_post_build

    version = installed_version()
    data = package_zip()
    name = f"convmap-{convmap.__version__}-{hashlib.sha256(data).hexdigest()[:10]}.zip"
    fetched = sum((PYODIDE_DIR / f).stat().st_size for f in FETCHED) + len(data)
    _state.update(version=version, zip=data, zip_name=name, fetched=fetched)


@event_priority(-110)  # after mkdocs-static-i18n (-100) has chosen the edition's files
def on_files(files: Any, config: Any) -> Any:
    """In a dirty build, rebuild every page if the site was built from other inputs."""
    if build_cache.needs_full_build(config["site_dir"], _state["editions"][-1]):
        for file in files.documentation_pages():
            file.is_modified = _always  # mkdocs' dirty build asks each page's file this
    return files


def _always() -> bool:
    return True


def _edition(config: Any) -> str:
    """The edition starting to build: mkdocs-static-i18n's language (both share one site_dir).

    Read when a build starts: the plugin leaves its language at the last edition built.
    """
    return str(getattr(_plugins(config).get("i18n"), "current_language", None) or "")


def _plugins(config: Any) -> Any:
    """The build's plugins (none for the bare config dict the unit tests pass)."""
    return config["plugins"] if "plugins" in config else {}


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Fill the live pages' download-size token."""
    if SIZE_TOKEN not in output:
        return output
    return output.replace(SIZE_TOKEN, human_size(_state["fetched"]))


@event_priority(-200)  # after mkdocs-static-i18n (-100), which builds the other edition here
def on_post_build(config: Any) -> None:
    """Serve the engine from the site, fix a dirty build's search index, record the inputs."""
    copy_engine(config)
    plugins = _plugins(config)
    search = plugins.get("material/search") or plugins.get("search")
    if getattr(search, "search_index_prev", None) is not None:  # set in dirty builds only
        search.search_index.entries[:] = newest_entries(search.search_index.entries)
        data = search.search_index.generate_search_index(None)
        path = Path(config["site_dir"]) / "search" / "search_index.json"
        utils.write_file(data.encode("utf-8"), str(path))
    build_cache.mark_built(config["site_dir"], _state["editions"].pop())


def copy_engine(config: Any) -> None:
    """Copy the Pyodide core and convmap's zip into the built site, with a manifest."""
    live = Path(config["site_dir"]).resolve() / "live"
    root_live = _state["root_site"] / "live"
    if live != root_live and root_live.parent in live.parents:
        # an edition inside the main site: point at the main site's copy
        live.mkdir(parents=True, exist_ok=True)
        base = Path(*[".."] * len(live.relative_to(root_live.parent).parts), "live").as_posix()
        manifest = {"pyodide": _state["version"], "package": _state["zip_name"], "base": base + "/"}
        manifest["fetched_bytes"] = _state["fetched"]
        (live / "engine.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        return
    target = live / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    files = {}
    for name in CORE_FILES:
        copy_if_changed(PYODIDE_DIR / name, target / name)
        files[f"pyodide/{name}"] = (target / name).stat().st_size
    for old in live.glob("convmap-*.zip"):
        old.unlink()
    (live / _state["zip_name"]).write_bytes(_state["zip"])
    files[_state["zip_name"]] = len(_state["zip"])
    manifest = {
        "pyodide": _state["version"],
        "package": _state["zip_name"],
        "base": "./",
        "fetched_bytes": _state["fetched"],
        "files": files,
    }
    (live / "engine.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def newest_entries(entries: list[dict]) -> list[dict]:
    """Search entries with each page's entries once: its last run of entries in ``entries``.

    A page's entries (its sections, ``location`` ``"page/#anchor"``) are added together;
    merged and stacked indexes repeat them, the newest last.

    Examples:
        >>> old, new = {"location": "a/", "text": "old"}, {"location": "a/", "text": "new"}
        >>> b = {"location": "b/#x", "text": "b"}
        >>> [e["text"] for e in newest_entries([old, b, new, b])]
        ['new', 'b']
    """
    if not isinstance(entries, list):
        raise TypeError(f"entries must be a list of search entries, got {type(entries).__name__}")
    runs: dict[str, list[dict]] = {}
    last = None
    for entry in entries:
        page = str(entry.get("location", "")).split("#")[0]
        if page != last:
            runs.pop(page, None)  # a later run of the same page replaces the earlier one
            runs[page] = []
            last = page
        runs[page].append(entry)
    return [entry for run in runs.values() for entry in run]
