"""Watch the project and hand over settled batches of changed paths.

Editors rarely write a file once: many save through a temporary file and a rename, and
`git checkout` touches dozens of files at once. So events are collected until the
project has been quiet for a short window, then delivered as one batch. Names the build
ignores (editors' swap files, backups, lock files: `ignorednames.is_ignored`) never start a
build, nor does a file created and gone again within a batch, whatever its name (the
temporary file of an atomic save). Events for reading (opened, closed without writing)
are ignored, or the build's own reads would loop; a change of permissions is not.
"""

from __future__ import annotations

import enum
import os
import stat
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import watchdog.events
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from .config import Project
from .ignorednames import is_ignored

# Editors save through a temporary file and a rename within a few ms; some write an empty
# file first, or save again at once (format on save): 0.1 s gathers those into one build.
QUIET_SECONDS = 0.1
LONGEST_WAIT_SECONDS = 1.0
WRITE_EVENTS = {"created", "modified", "deleted", "moved", "attrib"}
# Only writes are subscribed to: with every event, each file the build reads (a thousand
# per rebuild) would wake the observer thread twice (opened, closed), and that thread
# competes with the build for the interpreter. A change of permissions counts as one: it
# is how a file the build could not read ("check its permissions") is fixed. watchdog 7
# reports it as an event of its own; earlier versions as a modification (of a file only).
ATTRIB_EVENTS: list[type[FileSystemEvent]] = [
    getattr(watchdog.events, name) for name in ("FileAttribEvent", "DirAttribEvent") if hasattr(watchdog.events, name)]
WATCHED_EVENTS: list[type[FileSystemEvent]] = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent,
                                               DirCreatedEvent, DirDeletedEvent, DirMovedEvent, *ATTRIB_EVENTS]


class ChangeKind(enum.Enum):
    """What a change asks of the build, from the most work to the least."""

    CONFIG = "config"
    TEMPLATE = "template"
    CONTENT = "content"
    STATIC = "static"


def classify(path: Path, project: Project) -> ChangeKind | None:
    """The kind of a changed path, or None when it does not affect the site: outside
    content/ and themes/, or named as the build ignores it, or in a folder so named."""
    if path == project.config_path:
        return ChangeKind.CONFIG
    for folder in (project.content_dir, project.themes_dir):
        if _inside(path, folder):
            relative = path.relative_to(folder).parts
            if any(is_ignored(part) for part in relative):
                return None
            if folder == project.content_dir:
                return ChangeKind.CONTENT
            return ChangeKind.TEMPLATE if "templates" in relative else ChangeKind.STATIC
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class Watcher:
    """Runs a watchdog observer and calls `on_change(paths)` from one thread, one batch at a time.

    Changes that arrive while `on_change` runs are kept and delivered in the next batch.
    """

    def __init__(self, project: Project, on_change: Callable[[set[Path]], object],
                 quiet: float = QUIET_SECONDS) -> None:
        self.project = project
        self.on_change = on_change
        self.quiet = quiet
        self._pending: set[Path] = set()
        self._born: set[Path] = set()  # pending paths first seen created, while no build ran (see _transient)
        self._building = False
        self._first_event = 0.0
        self._last_event = 0.0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._observer = Observer()
        self._handler = _Handler(self)
        self._watches: dict[Path, tuple[ObservedWatch, tuple[int, int]]] = {}  # folder -> watch, (device, inode)
        self._gone: set[Path] = set()  # watched folders deleted or moved away since the last batch
        # Where the symlinks the build follows (in content/ and themes/, and goalfolio.yaml)
        # lead out of the watched folders: target -> the links to it. Replaced, not changed.
        self._links: dict[Path, list[Path]] = {}
        self._thread = threading.Thread(target=self._deliver, name="goalfolio-watcher", daemon=True)

    def start(self) -> None:
        # watchdog warns when a folder it watches comes back (moved out and in again) and its
        # watch is replaced, which is what should happen: not the preview user's concern.
        warnings.filterwarnings("ignore", message="Callback with id", category=RuntimeWarning, module=r"watchdog\.")
        self._schedule(find_links=True)
        self._observer.start()
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 5.0) -> None:
        """Waits `timeout` seconds at most for its threads, in all: the batch being delivered
        may be a long rebuild."""
        deadline = time.monotonic() + timeout
        self._stopping.set()
        self._wake.set()
        self._observer.stop()
        self._observer.join(timeout=timeout)
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=max(deadline - time.monotonic(), 0.0))

    def folder_gone(self, folder: Path) -> None:
        """A folder was deleted or moved away: if it is one of the watched ones, its watch is
        dead, even if a new folder gets the same device and inode (ext4 reuses a freed inode
        at once: `rm -rf content && mkdir content`)."""
        if folder in self._watches:
            with self._lock:
                self._gone.add(folder)

    def add(self, paths: Iterable[Path], created: bool = False) -> None:
        """Queue paths as changed (`created`: they were just created); the watchdog handler
        and tests both come through here."""
        relevant = {p for path in paths for p in self._as_linked(path) if classify(p, self.project) is not None}
        if not relevant:
            return
        now = time.monotonic()
        with self._lock:
            if not self._pending:
                self._first_event = now
            if created and not self._building:
                self._born |= relevant - self._pending
            self._pending |= relevant
            self._last_event = now
        self._wake.set()

    def _as_linked(self, path: Path) -> list[Path]:
        """`path`, and where it is inside a symlink's target, the same file through the link:
        the path the build reads."""
        found = [path]
        for target, links in self._links.items():
            if path == target or target in path.parents:
                found.extend(link / path.relative_to(target) for link in links)
        return found

    def _find_links(self) -> dict[Path, list[Path]]:
        """The targets of the symlinks in content/ and themes/ (not those in a linked folder)
        that lead out of both but stay in the project, as the build requires, and of a
        symlinked goalfolio.yaml wherever it leads; with the links to each."""
        root = self.project.root.resolve()
        tops = (self.project.content_dir, self.project.themes_dir)  # walked as the build names them
        deep = [folder.resolve() for folder in tops]
        found: dict[Path, list[Path]] = {}
        for link in [self.project.config_path, *(link for top in tops for link in _links_under(top))]:
            try:
                # Not strict: a link whose target is gone for now is watched for its return.
                target = link.resolve() if link.is_symlink() else None
            except (OSError, RuntimeError):  # a loop: the build reports it
                continue
            if target is None or any(_inside(target, folder) for folder in deep):
                continue
            if link == self.project.config_path or _inside(target, root):
                found.setdefault(target, []).append(link)
        return found

    def _wanted(self) -> dict[Path, bool]:
        """Folder -> watched deeply: the config's folder and the project flat, content/ and
        themes/ deeply, and where links lead out of them, the folder a target is in (flat)
        and a target folder (deeply)."""
        wanted = {self.project.config_path.parent: False, self.project.root: False,
                  self.project.content_dir: True, self.project.themes_dir: True}
        for target in self._links:
            wanted[target.parent] = wanted.get(target.parent, False)  # sees the target deleted and made again
            if target.is_dir():
                wanted[target] = True
        return wanted

    def _schedule(self, find_links: bool = False) -> set[Path]:
        """Watch the config's folder flat, and content/ and themes/ deeply once they exist;
        returns the deep folders that appeared since the last call. With `find_links`, the
        symlinks in them are looked for again, and their targets watched.

        A folder deleted, or moved away and replaced (`mv content old; cp -r old content`),
        is watched anew: the old watch follows the folder that moved. Files created in a
        new folder before its watch began sent no event, so the caller treats every file in
        it as changed."""
        if find_links:
            self._links = self._find_links()
        wanted = self._wanted()
        appeared: set[Path] = set()
        with self._lock:
            gone, self._gone = self._gone, set()
        for folder in [f for f in self._watches if f not in wanted]:
            self._unschedule(self._watches.pop(folder)[0])
        for folder, recursive in wanted.items():
            identity = _identity(folder)
            known = self._watches.get(folder)
            if known is not None and (known[1] != identity or folder in gone):
                self._unschedule(known[0])
                del self._watches[folder]
                known = None
            if known is None and identity is not None:
                try:
                    watch = self._observer.schedule(self._handler, str(folder), recursive=recursive, event_filter=WATCHED_EVENTS)
                except OSError:
                    continue  # gone again already: its deletion is an event of its own, and the next batch tries again
                self._watches[folder] = (watch, identity)
                if recursive:
                    appeared.add(folder)
        return appeared

    def _unschedule(self, watch: ObservedWatch) -> None:
        try:
            self._observer.unschedule(watch)
        except (KeyError, OSError):
            pass  # its folder is gone, and the watch with it

    def _deliver(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait()
            self._wake.clear()
            while not self._stopping.is_set():
                with self._lock:
                    if not self._pending:
                        break
                    now = time.monotonic()
                    settled = now - self._last_event >= self.quiet
                    overdue = now - self._first_event >= LONGEST_WAIT_SECONDS
                    if settled or overdue:
                        batch, self._pending = self._pending, set()
                        batch -= self._transient()
                        if not batch:
                            continue
                    else:
                        batch = set()
                        wait = self.quiet - (now - self._last_event)
                if not batch:
                    time.sleep(max(wait, 0.005))
                    continue
                for folder in self._schedule(find_links=any(_may_change_links(path) for path in batch)):
                    batch |= {p for path in _files_in(folder) for p in self._as_linked(path) if classify(p, self.project)}
                self._set_building(True)
                try:
                    self.on_change(batch)
                finally:
                    self._set_building(False)

    def _transient(self) -> set[Path]:
        """The batch's paths that were created in it and are gone again: the temporary file
        of an atomic save (`x.md.Ab12Cd`, `tmp8x_2k1q`), renamed onto the file it saves.
        No build can have read one, as none ran meanwhile, so it changed nothing and is not
        named in the rebuild line; a batch of only such paths starts no build. Called with
        the lock held."""
        born, self._born = self._born, set()
        return {path for path in born if not os.path.lexists(path)}

    def _set_building(self, building: bool) -> None:
        with self._lock:
            self._building = building


def project_files(project: Project) -> dict[Path, tuple[int, ...]]:
    """Every file of content/ and themes/ (not in folders the build ignores), and
    goalfolio.yaml, with what changes when it is written: size, times, inode.

    The watcher starts once the preview's first build is done (its workers are forked
    before any thread starts), so nothing sees a save made while that build runs, which
    takes seconds on a large site. The preview takes this before the build and after the
    watcher starts: `changed_files` between the two is what that build may have missed."""
    found: dict[Path, tuple[int, ...]] = {}
    for path in [project.config_path, *(p for top in (project.content_dir, project.themes_dir) for p in _unignored_files(top))]:
        try:
            stamp = os.stat(path)
        except OSError:
            continue
        found[path] = (stamp.st_size, stamp.st_mtime_ns, stamp.st_ctime_ns, stamp.st_ino)
    return found


def changed_files(before: dict[Path, tuple[int, ...]], after: dict[Path, tuple[int, ...]]) -> set[Path]:
    """The files made, deleted or written between two `project_files`."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def _unignored_files(folder: Path) -> Iterator[Path]:
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not is_ignored(name)]
        yield from (Path(parent, name) for name in names if not is_ignored(name))


def _files_in(folder: Path) -> Iterator[Path]:
    """Every file under `folder`, as it is while being copied in or deleted: parts that
    vanish during the walk are skipped (`os.walk` ignores what it cannot list)."""
    for parent, _, names in os.walk(folder):
        for name in names:
            path = Path(parent, name)
            if path.is_file():
                yield path


def _links_under(folder: Path) -> Iterator[Path]:
    """The symlinks in `folder` and its subfolders (not in linked ones). A directory entry
    tells whether it is a link without another system call per file."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink():
            yield Path(entry.path)
        elif entry.is_dir(follow_symlinks=False):
            yield from _links_under(Path(entry.path))


def _may_change_links(path: Path) -> bool:
    """Saving a file changes no symlink; a link, a folder, or a path gone may have."""
    return path.is_symlink() or path.is_dir() or not path.exists()


def _identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of a folder, or None where there is none."""
    try:
        found = os.stat(folder)
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if stat.S_ISDIR(found.st_mode) else None


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in WRITE_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return
        if event.is_directory and event.event_type in ("deleted", "moved"):
            self.watcher.folder_gone(Path(_text(event.src_path)))
        paths = [Path(_text(event.src_path))]
        if event.event_type == "moved":
            paths.append(Path(_text(event.dest_path)))
        self.watcher.add(paths, created=event.event_type == "created")


def _text(path: str | bytes) -> str:
    return path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path
