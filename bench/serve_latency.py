"""How long from saving a file to the reload event reaching a connected browser.

Generates a portfolio (bench/generate.py), starts the preview in-process on a free port
with a real watchdog observer, and listens on the event stream as a tab would. Then,
N times, appends a sentence to one evidence file and times until the `build` event
arrives: that covers the watcher, the debounce window, the incremental build and the
broadcast. It also times a template change against a full build of the same project.
The figures are printed; nothing is asserted, since they depend on the machine.

Usage: python bench/serve_latency.py [--items 1000] [--saves 30] [--seed 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import queue
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_portfolio

from goalfolio.build import Builder, BuildOptions
from goalfolio.config import find_project
from goalfolio.fingerprint import builtin_themes_dir
from goalfolio.preview import Preview, PreviewOptions


class Listener:
    """An event-stream client whose reader thread timestamps each event on arrival."""

    def __init__(self, preview: Preview) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", preview.server.port, timeout=60)
        self.connection.request("GET", preview.base_path + "__goalfolio/events")
        self.response = self.connection.getresponse()
        self.events: queue.Queue[tuple[float, str, dict[str, Any]]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream, name, data = self.response.fp, "message", ""
        try:
            for raw in iter(stream.readline, b""):
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data += line[5:].strip()
                elif not line and data:
                    self.events.put((time.perf_counter(), name, json.loads(data)))
                    name, data = "message", ""
        except (OSError, ValueError, AttributeError):
            return

    def wait(self, name: str, timeout: float = 600.0) -> tuple[float, dict[str, Any]]:
        while True:
            arrived, event, data = self.events.get(timeout=timeout)
            if event == name:
                return arrived, data


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_saves(listener: Listener, root: Path, saves: int) -> tuple[list[float], list[float], list[int]]:
    """Per save: save-to-event ms, of which build ms, and pages rendered."""
    files = sorted((root / "content/evidence").glob("*.md"))
    timings: list[float] = []
    builds: list[float] = []
    rendered: list[int] = []
    for i in range(saves):
        target = files[(i * 37) % len(files)]
        text = target.read_text(encoding="utf-8")
        saved = time.perf_counter()
        target.write_text(text + f"\nOne more sentence, number {i}.\n", encoding="utf-8")
        arrived, event = listener.wait("build")
        if not event["ok"]:
            raise SystemExit(f"the build failed after editing {target.name}: {event['diagnostics'][:1]}")
        timings.append((arrived - saved) * 1000)
        builds.append(event["ms"])
        rendered.append(event["rendered"])
        time.sleep(0.15)
    return timings, builds, rendered


def time_template_change(listener: Listener, root: Path) -> float:
    """A project template overriding the built-in one, edited: every page using it re-renders."""
    template = root / "themes/default/templates/base.html"
    saved = time.perf_counter()
    template.write_text(template.read_text(encoding="utf-8") + "\n{# touched #}\n", encoding="utf-8")
    arrived, _ = listener.wait("build")
    return (arrived - saved) * 1000


def full_build_ms(root: Path) -> tuple[float, int]:
    result = Builder(find_project(root), BuildOptions(audience=None)).build()
    return result.seconds * 1000, result.pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and leave it there")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="goalfolio-serve-bench-") as scratch:
        root = Path(args.keep) if args.keep else Path(scratch) / "portfolio"
        counts = generate_portfolio(root, args.items, args.seed)
        themes = root / "themes/default/templates"
        themes.mkdir(parents=True, exist_ok=True)
        (themes / "base.html").write_bytes((builtin_themes_dir() / "default/templates/base.html").read_bytes())
        print(f"portfolio: {args.items} items {counts}")

        full_ms, pages = full_build_ms(root)
        print(f"full build (fresh builder): {full_ms:.0f} ms for {pages} pages")

        log = io.StringIO()
        preview = Preview(find_project(root), PreviewOptions(port=0), out=log)
        started = time.perf_counter()
        preview.start()
        print(f"preview first build: {(time.perf_counter() - started) * 1000:.0f} ms")
        try:
            listener = Listener(preview)
            listener.wait("hello")
            timings, builds, rendered = time_saves(listener, root, args.saves)
            overhead = [t - b for t, b in zip(timings, builds)]
            print(f"save evidence -> reload event, {len(timings)} saves: median {statistics.median(timings):.0f} ms, "
                  f"p90 {percentile(timings, 0.9):.0f} ms, min {min(timings):.0f} ms, max {max(timings):.0f} ms")
            print(f"  of which the incremental build: median {statistics.median(builds):.0f} ms, "
                  f"pages rendered per save: median {statistics.median(rendered):.0f} of {pages}")
            print(f"  watcher + debounce + broadcast: median {statistics.median(overhead):.0f} ms, "
                  f"p90 {percentile(overhead, 0.9):.0f} ms")
            template_ms = time_template_change(listener, root)
            print(f"template change -> reload event: {template_ms:.0f} ms (full build: {full_ms:.0f} ms)")
        finally:
            preview.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
