"""The "Python floor": the least work any Python generator must do for a content folder.

For every .md file under the content folder: read it, split the front matter, parse it
with libyaml (CSafeLoader), render the body with markdown-it (CommonMark plus tables),
render one small Jinja2 template and write the page. goalfolio does all of this and
more, so its build time is judged against this floor: the gap is what goalfolio's own
logic (linking, indexes, checks, themes) costs.

Everything a real build pays is inside the timing: finding the files, creating the
renderers and, for the parallel variant, starting the worker processes.

Usage: python bench/floor.py PATH [--runs 5] [--workers 2] [--out DIR] [--json]
       python bench/floor.py PATH --once single|parallel --out DIR   (one build, for timing from outside)
PATH is a project (its content/ is used) or a content folder.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markdown_it import MarkdownIt

PAGE = (
    "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{{ title }}</title></head>\n"
    "<body><main><h1>{{ title }}</h1>\n{{ body | safe }}</main></body></html>\n"
)
TITLE_KEYS = ("title", "name", "author")
CHUNKS_PER_WORKER = 4

Job = tuple[str, str]


@dataclass(frozen=True)
class Renderer:
    """One Markdown parser and one compiled template, built once per process."""

    markdown: MarkdownIt
    template: jinja2.Template

    def render_file(self, source: str, target: str) -> None:
        meta, body = split_front_matter(Path(source).read_text(encoding="utf-8"))
        html = self.markdown.render(body)
        page = self.template.render(title=page_title(meta, source), body=html)
        Path(target).write_text(page, encoding="utf-8")


def make_renderer() -> Renderer:
    markdown = MarkdownIt("commonmark").enable("table")
    env = jinja2.Environment(autoescape=True)
    return Renderer(markdown, env.from_string(PAGE))


@lru_cache(maxsize=1)
def process_renderer() -> Renderer:
    """Workers build their renderer on first use and keep it for later chunks."""
    return make_renderer()


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Front matter is the YAML between a leading `---` line and the next `---` line."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return {}, text
    meta = yaml.load(text[4:end + 1], Loader=yaml.CSafeLoader) or {}
    return meta, text[end + 5:]


def page_title(meta: dict[str, Any], source: str) -> str:
    for key in TITLE_KEYS:
        if meta.get(key):
            return str(meta[key])
    return Path(source).stem


def plan_jobs(content_dir: Path, out_dir: Path) -> list[Job]:
    """(source, target) pairs for every .md file, with the target folders created."""
    jobs = []
    folders = set()
    for source in sorted(content_dir.rglob("*.md")):
        target = out_dir / source.relative_to(content_dir).with_suffix(".html")
        folders.add(target.parent)
        jobs.append((str(source), str(target)))
    for folder in sorted(folders):
        folder.mkdir(parents=True, exist_ok=True)
    return jobs


def render_chunk(jobs: list[Job]) -> int:
    """Worker entry point; returns how many files it wrote."""
    renderer = process_renderer()
    for source, target in jobs:
        renderer.render_file(source, target)
    return len(jobs)


def chunked(jobs: list[Job], parts: int) -> list[list[Job]]:
    """Split into `parts` contiguous, near-equal chunks (a few per worker to even out load)."""
    parts = max(1, min(parts, len(jobs)))
    size, extra = divmod(len(jobs), parts)
    chunks, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        chunks.append(jobs[start:end])
        start = end
    return chunks


def floor_single(content_dir: Path, out_dir: Path) -> float:
    """Seconds to render every file in this process."""
    started = time.perf_counter()
    jobs = plan_jobs(Path(content_dir), Path(out_dir))
    renderer = make_renderer()
    for source, target in jobs:
        renderer.render_file(source, target)
    return time.perf_counter() - started


def floor_parallel(content_dir: Path, out_dir: Path, workers: int = 2) -> float:
    """Seconds to render every file with a fresh pool of `workers` processes."""
    started = time.perf_counter()
    jobs = plan_jobs(Path(content_dir), Path(out_dir))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        written = sum(pool.map(render_chunk, chunked(jobs, workers * CHUNKS_PER_WORKER)))
    if written != len(jobs):
        raise RuntimeError(f"workers wrote {written} of {len(jobs)} files")
    return time.perf_counter() - started


def resolve_content(path: Path) -> Path:
    return path / "content" if (path / "content").is_dir() else path


def measure(content_dir: Path, out_dir: Path, runs: int, workers: int) -> dict[str, Any]:
    """Median, min and max seconds over `runs` runs of each variant."""
    single = [floor_single(content_dir, out_dir / "single") for _ in range(runs)]
    parallel = [floor_parallel(content_dir, out_dir / "parallel", workers) for _ in range(runs)]
    return {
        "files": sum(1 for _ in content_dir.rglob("*.md")),
        "runs": runs,
        "workers": workers,
        "start_method": multiprocessing.get_start_method(),
        "single": summary(single),
        "parallel": summary(parallel),
    }


def summary(seconds: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(seconds), 4),
        "min": round(min(seconds), 4),
        "max": round(max(seconds), 4),
    }


def report(result: dict[str, Any]) -> str:
    files = result["files"]
    lines = [f"python floor: {files} files, median of {result['runs']} runs "
             f"(start method {result['start_method']})"]
    for label, key in (("single process", "single"), (f"{result['workers']} workers", "parallel")):
        stats = result[key]
        lines.append(
            f"  {label:>14}: {stats['median']:.3f}s  ({files / stats['median']:,.0f} files/s; "
            f"min {stats['min']:.3f}s, max {stats['max']:.3f}s)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="project folder or content folder")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="keep the pages here (default: a temp folder)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--once", choices=["single", "parallel"],
                        help="build once into --out and exit, for timing the whole process from outside")
    args = parser.parse_args(argv)
    content_dir = resolve_content(args.path)
    if not any(content_dir.rglob("*.md")):
        parser.error(f"no .md files under {content_dir}")
    if args.once:
        if args.out is None:
            parser.error("--once needs --out")
        if args.once == "single":
            floor_single(content_dir, args.out)
        else:
            floor_parallel(content_dir, args.out, args.workers)
        return 0
    with tempfile.TemporaryDirectory(prefix="goalfolio-floor-") as scratch:
        result = measure(content_dir, args.out or Path(scratch), args.runs, args.workers)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
