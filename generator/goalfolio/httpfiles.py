"""A request for a built file, read as strings: the path below the preview's base path it
names (or None for anything that is not plainly inside it), the output file a folder's
URL is, the file's content type, and the one byte range asked for.

Kept apart from the server's sockets and threads so that each rule can be tested on its
own, and read without them: nothing here opens a file.
"""

from __future__ import annotations

import os
import posixpath
import re
from urllib.parse import unquote, urlsplit

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",  # with nosniff, a module script of another type is refused
    ".map": "application/json",
    ".wasm": "application/wasm",  # WebAssembly.instantiateStreaming compiles no other type
    ".svg": "image/svg+xml",
    ".xml": "application/xml; charset=utf-8",
    ".json": "application/json",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",  # a video's captions (<track>)
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".pdf": "application/pdf",
    ".webmanifest": "application/manifest+json",
    # Files a portfolio links to from content/assets/: played or shown in the tab, as the
    # published site serves them, rather than downloaded as bytes of no known type.
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/quicktime",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".csv": "text/csv; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
UNSAFE_ENCODINGS = ("%2f", "%5c", "%00")
UNSATISFIABLE = (-1, -1)


def safe_relative_path(target: str, base_path: str) -> str | None:
    """The request path below `base_path`, or None for anything that is not plainly inside it.

    Rejected: absolute-form targets, `//` starts, encoded slashes, backslashes or NULs,
    `.` and `..` segments (raw or percent-encoded), and paths outside the base path.
    """
    if not target.startswith("/") or target.startswith("//"):
        return None
    raw = urlsplit(target).path
    lowered = raw.lower()
    if any(code in lowered for code in UNSAFE_ENCODINGS) or "\\" in raw or "\x00" in raw:
        return None
    path = unquote(raw, errors="surrogateescape")  # a byte UTF-8 cannot read is kept, for `built_name`
    if "\\" in path or "\x00" in path or "//" in path:
        return None
    segments = path.split("/")
    if any(segment in (".", "..") for segment in segments):
        return None
    if posixpath.normpath(path) != path.rstrip("/") and path != "/":
        return None
    base = unquote(base_path)  # compared as decoded, as `path` is: `/my%20folio/` is `/my folio/`
    if not path.startswith(base):
        return None
    return path[len(base):]


def built_name(relative: str) -> str:
    """The name the build keeps a file under, for a path `safe_relative_path` read: the
    build lists content/assets/ and the theme as the file system decodes names (in the
    locale's encoding), and a browser asks for a file by its bytes, as the pages link it
    (`caf%C3%A9.svg`). Read as UTF-8 they differ in the C locale, and for a name not in
    UTF-8 anywhere: the preview answered 404 for files the site publishes."""
    return os.fsdecode(relative.encode("utf-8", "surrogateescape"))


def url_text(name: str) -> str:
    """A built file's name as a browser reads its URL: the text of its bytes in UTF-8, for
    the page's state and the build events (a name that is not UTF-8 reads with U+FFFD)."""
    return os.fsencode(name).decode("utf-8", "replace")


def requested_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of the single range a `Range: bytes=...` header asks for;
    UNSATISFIABLE when it starts past the end; None (send it whole) for no header, several
    ranges or one that cannot be read, as RFC 9110 allows."""
    unit, _, spec = (header or "").strip().partition("=")
    found = _BYTE_RANGE_RE.fullmatch(spec.strip())
    if unit.strip().lower() != "bytes" or found is None:
        return None
    first_text, last_text = found.groups()
    if not first_text:
        suffix = _position(last_text)
        return (max(size - suffix, 0), size - 1) if suffix and size else UNSATISFIABLE
    if last_text and _is_before(last_text, first_text):
        return None
    first = _position(first_text)
    last = min(_position(last_text), size - 1) if last_text else size - 1
    return (first, last) if first < size else UNSATISFIABLE


# `first-last`, `first-` or `-suffix`, in ASCII digits: `²` passes str.isdigit, and int() then fails.
_BYTE_RANGE_RE = re.compile(r"(?=.*[0-9])([0-9]*)-([0-9]*)")
_FAR_PAST_ANY_FILE = 1 << 63


def _position(digits: str) -> int:
    """A byte position as the header writes it; int() refuses more than 4,300 digits, and a
    position that long is past the end of any file."""
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= 18 else _FAR_PAST_ANY_FILE


def _is_before(digits: str, other: str) -> bool:
    """Whether one position comes before the other, compared as written: both may be too
    long for `_position`, which takes any such position as the same one."""
    digits, other = digits.lstrip("0"), other.lstrip("0")
    return (len(digits), digits) < (len(other), other)


def output_path(relative: str) -> str:
    """A directory URL is its index.html, as the build writes it."""
    return relative + "index.html" if relative == "" or relative.endswith("/") else relative


def content_type_for(path: str) -> str:
    extension = posixpath.splitext(path)[1].lower()
    return CONTENT_TYPES.get(extension, "application/octet-stream")


def awaited_page(relative: str, page: str) -> str | None:
    """The page a tab answered 404 at `relative` shows once it is made, for the live reload
    to name: a folder's URL written without its slash (`goals/new-goal`) is its index.html,
    as it is redirected to then. None for a file of another kind: the tab follows 404.html."""
    if page.endswith(".html"):
        return page
    if not posixpath.splitext(relative)[1]:
        return url_text(built_name(f"{relative}/index.html"))
    return None
