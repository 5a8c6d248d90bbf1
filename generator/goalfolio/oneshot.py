"""`goalfolio build`'s one build of a site, written atomically (`writer`): the previous
site is replaced whole only once the new one is complete, and a build that fails leaves it
untouched.

Without the build cache, each page is written as it is rendered (in this process or a
worker), so a large site is never held in memory whole; with it, the files are written
with the manifest of what the last build of the view wrote where, so a file that did not
change is linked from the current site rather than written again.
"""

from __future__ import annotations

import time
from pathlib import Path

from .build import Builder, BuildOptions, BuildResult
from .config import Project
from .earlywork import EarlyWork
from .errors import UserError
from .reuse import cache_not_saved
from .writer import StreamingSite, write_site


def build_site(project: Project, options: BuildOptions, out_dir: Path, pending: EarlyWork | None = None) -> BuildResult:
    """Build and write atomically; raises UserError (leaving `out_dir` untouched) on errors.
    `pending`: content already being parsed and rendered in workers (`earlywork`). The
    result's `seconds` covers the writing too: into a new folder it can take longer than
    the build itself."""
    started = time.perf_counter()
    builder = Builder(project, options)
    builder.pending = pending
    stream = StreamingSite(out_dir, project) if builder.disk is None else None
    if stream is not None:
        builder.sink = stream
    try:
        result = builder.build()
        if not result.ok:
            raise UserError(result.diagnostics)
    except BaseException:
        if stream is not None:
            stream.abort()
        raise
    if stream is not None:
        stream.finish({path: data for path, data in result.files.items() if path not in builder.streamed})
    elif builder.disk is not None:
        manifest = write_site(result.files, out_dir, project, builder.disk.manifest())
        try:
            builder.disk.save_manifest(manifest)
        except OSError as exc:
            if not any(d.code == "cache-not-saved" for d in result.diagnostics):
                result.diagnostics.append(cache_not_saved(project, exc))
    result.seconds = time.perf_counter() - started
    return result
