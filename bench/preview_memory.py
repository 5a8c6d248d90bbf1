"""How much memory a preview holds as saves go by, with and without its idle collection.

Generates a portfolio (bench/generate.py), then, in a new process for each variant, makes
a preview in-process (no watcher, no browser) and calls its `rebuild` once per save,
alternating a sentence appended to an evidence body with an edited evidence title (which
renders the lists and goal pages again). Between saves it waits a little longer than the
idle collection's delay, as a person between two saves does. It prints the resident
memory (VmRSS) every `--every` saves and the median build time of those saves. Nothing is
asserted: the figures depend on the machine. Linux only (it reads /proc/self/status).

Usage: python bench/preview_memory.py [--items 1000] [--saves 100] [--every 20] [--keep DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_portfolio

from goalfolio.collector import collecting_less
from goalfolio.config import find_project
from goalfolio.preview import Preview, PreviewOptions

DELAY = 0.2  # the idle collection's delay here; the preview's own is collector.IDLE_COLLECTION_SECONDS


def resident_mb() -> int:
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024  # type: ignore[union-attr]


def save(path: Path, text: str, number: int) -> None:
    if number % 2:
        path.write_text(text.replace("\ntitle: ", f"\ntitle: Saved {number} ", 1), encoding="utf-8")
    else:
        path.write_text(text + f"\nOne more sentence, number {number}.\n", encoding="utf-8")


def run_variant(root: Path, saves: int, every: int, idle_collection: bool) -> list[dict[str, int]]:
    """The resident memory after the first build and after every `every` saves."""
    options = PreviewOptions(port=0, watch=False, collect_after=DELAY if idle_collection else None)
    files = sorted((root / "content/evidence").glob("*.md"))[:50]
    originals = {path: path.read_text(encoding="utf-8") for path in files}
    rows = []
    with collecting_less():
        preview = Preview(find_project(root), options, out=io.StringIO())
        try:
            preview.rebuild(None)
            time.sleep(DELAY * 2)
            rows.append({"saves": 0, "mb": resident_mb(), "ms": 0})
            builds: list[float] = []
            for number in range(1, saves + 1):
                path = files[number % len(files)]
                save(path, originals[path], number)
                started = time.perf_counter()
                result = preview.rebuild([path])
                if result is None or not result.ok:
                    raise SystemExit(f"the build failed after editing {path.name}")
                builds.append((time.perf_counter() - started) * 1000)
                time.sleep(DELAY * 2)
                if number % every == 0:
                    rows.append({"saves": number, "mb": resident_mb(), "ms": round(statistics.median(builds))})
                    builds = []
        finally:
            preview.stop()
            for path, text in originals.items():
                path.write_text(text, encoding="utf-8")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--every", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and leave it there")
    parser.add_argument("--variant", choices=["with", "without"], help=argparse.SUPPRESS)  # the child's part
    args = parser.parse_args(argv)
    if args.variant:
        print(json.dumps(run_variant(Path(args.keep), args.saves, args.every, args.variant == "with")))
        return 0

    with tempfile.TemporaryDirectory(prefix="goalfolio-memory-bench-") as scratch:
        root = Path(args.keep) if args.keep else Path(scratch) / "portfolio"
        counts = generate_portfolio(root, args.items, args.seed)
        print(f"portfolio: {args.items} items {counts}; {args.saves} saves, body and title in turn")
        series = {}
        for variant in ("with", "without"):
            copy = Path(scratch) / variant
            shutil.copytree(root, copy)
            child = subprocess.run([sys.executable, __file__, "--keep", str(copy), "--variant", variant,
                                    "--saves", str(args.saves), "--every", str(args.every)],
                                   check=True, capture_output=True, text=True)
            series[variant] = json.loads(child.stdout.splitlines()[-1])
        print(f"{'saves':>6}  {'RSS MB, idle collection':>24}  {'build ms':>9}  {'RSS MB, without':>16}  {'build ms':>9}")
        for kept, dropped in zip(series["with"], series["without"]):
            print(f"{kept['saves']:>6}  {kept['mb']:>24}  {kept['ms'] or '':>9}  {dropped['mb']:>16}  {dropped['ms'] or '':>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
