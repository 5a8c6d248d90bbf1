"""The preview: the site builder, the file watcher and the HTTP server working together.

One `Builder` lives as long as the preview, so each save costs an incremental build.
After a build the served snapshot is replaced in one assignment and every open tab is
told which output files changed; a failed build keeps the last good files and sends
the diagnostics instead. Nothing a build does, however broken the content, stops the
server: unexpected exceptions are printed and the last good build stays up.
"""

from __future__ import annotations

import datetime
import errno
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from .build import Builder, BuildOptions, BuildResult
from .collector import IDLE_COLLECTION_SECONDS, IdleCollection
from .config import Project, load_config
from .errors import BuildStopped, UsageError, UserError, counted, printable
from .eventhub import EventHub
from .graph import today_for
from .httpfiles import url_text
from .report import format_text, summary
from .server import HEARTBEAT_SECONDS, IDLE_SECONDS, PreviewServer, Snapshot
from .watcher import QUIET_SECONDS, ChangeKind, Watcher, changed_files, classify, project_files

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
WILDCARD_HOSTS = {"0.0.0.0", "::"}  # every address of this machine: no browser can open them
# The longest wait between two looks at the date. The preview looks at midnight too, so this
# bounds only the delay after a machine slept through midnight or its clock was changed.
DATE_CHECK_SECONDS = 60.0
# How often the main thread wakes while the preview serves. Python runs a signal's handler
# in the main thread, but the system may hand a signal sent to the process to any thread,
# and one received by another thread does not interrupt the main thread's sleep: asleep an
# hour at a time, `serve` saw such a Ctrl-C or SIGTERM only an hour later.
WAKE_SECONDS = 0.2
STOP_SECONDS = 5.0  # the longest a stop waits for the preview's threads, a rebuild's among them


@dataclass(frozen=True)
class PreviewOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    audience: str | None = None  # None is the owner's view
    host_given: bool = False
    watch: bool = True  # rebuild after saves, and when the date moves on
    quiet: float = QUIET_SECONDS
    heartbeat: float = HEARTBEAT_SECONDS
    idle: float = IDLE_SECONDS  # see server.IDLE_SECONDS; tests shorten it
    collect_after: float | None = IDLE_COLLECTION_SECONDS  # see collector.IdleCollection
    cache: bool = True  # start from the build cache's parsed files and bodies (BuildOptions.warm)
    jobs: int = 0  # worker processes for the first build (BuildOptions.jobs); later ones use none
    date_check: float = DATE_CHECK_SECONDS  # tests shorten it


class Preview:
    """Owns the server, the watcher and the builder; `start()` then `stop()`, or `run()`."""

    def __init__(self, project: Project, options: PreviewOptions | None = None, out: TextIO | None = None) -> None:
        self.project = project
        self.options = options or PreviewOptions()
        self.out = out or sys.stdout
        self.hub = EventHub()
        # Generations count on from when this preview started, not from 0: a tab left open
        # while the server restarted (and the content changed) sees another one, and reloads.
        self._snapshot = Snapshot(generation=time.time_ns() // 1_000_000)
        self._build_lock = threading.Lock()
        self._collection = IdleCollection(self._build_lock, self.options.collect_after)
        self._print_lock = threading.Lock()
        self.base_path = configured_base_path(project)
        self.server = self._bind()
        self.builder = self._new_builder()
        self.watcher: Watcher | None = None  # made in `start`: watchdog starts a thread as its observer is made
        self._serving: threading.Thread | None = None
        self._dating: threading.Thread | None = None  # see _follow_the_date
        self._stopping = threading.Event()
        self._tried_day: datetime.date | None = None  # the last new day a rebuild was started for
        self.last_result: BuildResult | None = None

    @property
    def url(self) -> str:
        """Where a browser on this machine opens the preview; also the base of the pages'
        absolute URLs (canonical links, sitemap, feed)."""
        host = "localhost" if self.options.host in WILDCARD_HOSTS else self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.server.port}{self.base_path}"

    def snapshot(self) -> Snapshot:
        return self._snapshot

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        if self.options.host not in LOOPBACK_HOSTS:
            # Problems name every file, private ones included: the overlay is for the author.
            shown = "private and audience-only items (use --public to show only public ones)" if self.options.audience is None \
                else ("only public items" if self.options.audience == "public" else f"the items for `{self.options.audience}`") \
                + ", and while the content has problems, every page lists them, private files included"
            self._print(f"warning: serving on {self.options.host}, so other machines can reach this preview; it shows {shown}")
        before = project_files(self.project) if self.options.watch else {}
        self.rebuild(None, jobs=self.options.jobs)  # no other thread yet, so workers may be forked
        self._serving = threading.Thread(target=self.server.serve_forever, args=(0.1,), name="goalfolio-server",
                                         daemon=True)
        self._serving.start()
        if self.options.watch:
            self.watcher = Watcher(self.project, self.rebuild, self.options.quiet)
            self.watcher.start()
            self._dating = threading.Thread(target=self._follow_the_date, name="goalfolio-date", daemon=True)
            self._dating.start()
        listening = f" (listening on {self.options.host})" if self.options.host in WILDCARD_HOSTS else ""
        self._print(f"previewing {self._view()} at {self.url}{listening}  (Ctrl-C to stop)")
        if self.watcher:
            self.watcher.add(changed_files(before, project_files(self.project)))  # saved while the first build ran

    def stop(self) -> None:
        """Stop watching, end the event streams, close the listening socket. The threads get
        STOP_SECONDS between them: a save's rebuild, and the look at the date waiting for
        it, were waited for in turn, 5 s each, though both waited for the one build."""
        self._stopping.set()
        deadline = time.monotonic() + STOP_SECONDS
        if self._dating:
            self._dating.join(timeout=_seconds_left(deadline))
        if self.watcher and self.watcher.running:
            self.watcher.stop(timeout=_seconds_left(deadline))
        self.hub.close()
        if self._serving:
            _waiting_at_most(self.server.shutdown, _seconds_left(deadline))
            if self._serving.is_alive():
                self._serving.join(timeout=_seconds_left(deadline))
        self.server.server_close()
        self._collection.stop()

    def run(self, open_browser: bool = False) -> int:
        """Serve until Ctrl-C; a clean stop is exit code 0."""
        try:
            self.start()
            if open_browser:
                webbrowser.open(self.url)
            while True:
                time.sleep(WAKE_SECONDS)
        except KeyboardInterrupt:
            self._print("stopping")
        finally:
            self.stop()
        return 0

    def rebuild(self, changed: Iterable[Path] | None, jobs: int | None = None) -> BuildResult | None:
        """One build, serialized; prints a line or the diagnostics and tells the browsers.
        `jobs` (see Builder.build) only while the preview has no thread but this one."""
        paths = None if changed is None else set(changed)
        what = "first build" if paths is None else _listed(sorted(printable(self.project.display(p)) for p in _named(paths)))
        with self._build_lock:
            return self._rebuild(paths, jobs, what)

    def _rebuild(self, paths: set[Path] | None, jobs: int | None, what: str) -> BuildResult | None:
        """`rebuild`, with the build lock held; `what` names the cause in the terminal."""
        started = time.perf_counter()
        try:
            if paths and any(classify(p, self.project) is ChangeKind.CONFIG for p in paths):
                self._follow_config()
            result = self.builder.build(paths, jobs)
        except BuildStopped as exc:
            self._print(f"goalfolio: error: {exc}")
            return None
        except Exception as exc:  # noqa: BLE001 - a bug in a build must not end the preview
            self._internal_error(exc)
            return None
        finally:
            self._collection.after_build()
        self.last_result = result
        self._publish(result, what, time.perf_counter() - started)
        return result

    def _follow_the_date(self) -> None:
        """Without `today:` in the config, pace, due dates and "Figures as of" follow the
        machine's date: a preview left open overnight showed yesterday's until the next
        save. So the date is looked at each midnight (and every `date_check` seconds, which
        costs a clock read), and a new one is built as a save is: every page again."""
        while not self._stopping.wait(seconds_to_next_look(self.options.date_check)):
            with self._build_lock:
                day = self._new_day()
                if day is not None:
                    self._tried_day = day
                    self._rebuild(set(), None, f"new day ({day.isoformat()})")

    def _new_day(self) -> datetime.date | None:
        """Today, where the served pages were built for another day and no rebuild has been
        started for this one yet: one that failed keeps the last good pages, and would fail
        again each time until a save. None before any build succeeded, which will be of the
        right day; and while the config pins `today`, which the date does not change."""
        config, built = self.builder.config, self.builder.today
        if config is None or built is None:
            return None
        today = today_for(config)
        return None if today in (built, self._tried_day) else today

    def _publish(self, result: BuildResult, what: str, seconds: float) -> None:
        diagnostics = () if result.ok else tuple(d.as_dict() for d in result.diagnostics)
        self._snapshot = Snapshot(self._served_files(result), diagnostics, self._snapshot.generation + 1)
        self.hub.broadcast("build", {"generation": self._snapshot.generation, "ok": result.ok,
                                     "changed": [url_text(p) for p in result.changed] if result.ok else [],
                                     "diagnostics": list(diagnostics), "rendered": result.rendered,
                                     "pages": result.pages, "ms": round(seconds * 1000)})
        self._report(result, what, seconds)

    def _served_files(self, result: BuildResult) -> dict[str, bytes]:
        """A failed build serves the builder's last good files; a builder made for a new
        base_url has none yet, and its failure served only the page of problems, as if no
        build had ever succeeded. The site served until then is the last good build."""
        return result.files if result.ok or result.files else self._snapshot.files

    def _report(self, result: BuildResult, what: str, seconds: float) -> None:
        ms = round(seconds * 1000)
        if result.ok:
            warnings = [d for d in result.diagnostics if d.severity != "error"]
            if warnings:
                self._print(format_text(warnings))
            outputs = len(result.changed)
            self._print(f"{time.strftime('%H:%M:%S')} {what}: rendered {result.rendered}/{result.pages} pages, "
                        f"{counted(outputs, 'output file')} changed, {ms} ms")
        else:
            self._print(format_text(result.diagnostics))
            serving = "still serving the last good build" if self._snapshot.files else "nothing to serve until a build succeeds"
            self._print(f"{time.strftime('%H:%M:%S')} {what}: build failed ({summary(result.diagnostics)}), {serving}, {ms} ms")

    def _follow_config(self) -> None:
        """A new base_url path moves the preview, and the old one redirects to it; the builder
        is recreated for the new URL."""
        try:
            base_path = base_path_of(load_config(self.project).base_url)
        except UserError:
            return
        if base_path != self.base_path:
            moved_from = [self.base_path, *self.server.former_base_paths]
            self.server.former_base_paths = [path for path in moved_from if path != base_path]
            self.base_path = base_path
            self.server.base_path = base_path
            self.builder = self._new_builder()
            self._print(f"base path changed: now at {self.url}")

    def _new_builder(self) -> Builder:
        return Builder(self.project, BuildOptions(audience=self.options.audience, base_url=self.url, warm=self.options.cache,
                                                  local_address=True))

    def _bind(self) -> PreviewServer:
        lan_host = self.options.host if self.options.host_given and self.options.host not in LOOPBACK_HOSTS else None
        try:
            return PreviewServer((self.options.host, self.options.port), self.snapshot, self.hub,
                                 self.base_path, lan_host, self.options.heartbeat, self.options.idle, self._print)
        except OSError as exc:
            advice = {errno.EADDRINUSE: "try another --port",
                      errno.EACCES: "ports below 1024 need administrator rights: try another --port, such as 8000",
                      }.get(exc.errno or 0, "check --host")
            raise UsageError(f"cannot listen on {self.options.host}:{self.options.port} ({exc.strerror}); {advice}") from None

    def _view(self) -> str:
        if self.options.audience is None:
            return "the owner's view (includes private items)"
        return "the public site" if self.options.audience == "public" else f"the view for `{self.options.audience}`"

    def _internal_error(self, exc: BaseException) -> None:
        self._print("goalfolio: internal error during a rebuild (a bug, not your content); still serving the last good build")
        self._print("".join(traceback.format_exception(exc)).rstrip())

    def _print(self, text: str) -> None:
        with self._print_lock:
            print(text, file=self.out, flush=True)


def _waiting_at_most(call: Callable[[], None], seconds: float) -> None:
    """`call()`, waited for `seconds` at most. The server's `shutdown` waits, with no limit,
    for its loop to see the request: a Ctrl-C between making the server's thread and
    starting it left a loop that never runs, and the stop waited for it for good."""
    thread = threading.Thread(target=call, name="goalfolio-server-stop", daemon=True)
    thread.start()
    thread.join(timeout=seconds)


def _seconds_left(deadline: float) -> float:
    """Until `deadline` (by `time.monotonic`), and 0 once it has passed."""
    return max(deadline - time.monotonic(), 0.0)


def _named(paths: set[Path]) -> set[Path]:
    """The changed paths the terminal names: a folder only when none of its files is among
    them. Making or deleting a folder is a change of its own, so `mkdir -p` and a save in it
    named each folder before the file, and a theme deleted named its folders in place of
    the files that went with them."""
    holding = {folder for path in paths for folder in path.parents}
    return {path for path in paths if path not in holding}


def _listed(names: list[str], shown: int = 4) -> str:
    """The changed files for the terminal: a folder replaced at once is one line, not forty."""
    if len(names) > shown + 1:
        return f"{', '.join(names[:shown])} and {len(names) - shown} more"
    return ", ".join(names) or "no files"


def seconds_to_next_look(longest: float, now: datetime.datetime | None = None) -> float:
    """Until just after the next local midnight, and at most `longest`. A wait ends by the
    monotonic clock, which stands still while the machine sleeps, hence the bound."""
    now = now or datetime.datetime.now()
    midnight = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time())
    return min(longest, (midnight - now).total_seconds() + 0.05)


def configured_base_path(project: Project) -> str:
    """The path part of `base_url`, so the preview lives where the site will; `/` if unreadable."""
    try:
        return base_path_of(load_config(project).base_url)
    except UserError:
        return "/"


def base_path_of(base_url: str | None) -> str:
    path = urlsplit(base_url or "").path or "/"
    return path if path.endswith("/") else path + "/"
