"""The script the preview injects into every HTML page: live reload and the error overlay;
and the shared worker that holds one event stream for all of a browser's tabs.

It belongs to the server, not to a theme, so every theme gets it and no build output
ever contains it. It reads the state the server embedded in the page (which output file
this page is, the build generation, the current diagnostics), then follows the event
stream: a rebuild that changed this page, or an image or other file it shows, reloads
it, a stylesheet-only change swaps the stylesheets in place, and a failed build shows every diagnostic over the page until a
good build clears it. Diagnostic text is set with `textContent`, never parsed as HTML.
A stream the server refuses is asked for again a few seconds later (`FOLLOW_EVENTS`).

Until a first build succeeds there is no page to lay an overlay over: the server then
answers every page with `failed_build_page`, the same problems in plain HTML, readable
without JavaScript, which the script reloads after any build.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from .connections import RETRY_AFTER_SECONDS
from .errors import counted

# A browser's EventSource opens its stream again by itself when the stream ends or the server
# cannot be reached (after a second, as the server's `retry:` asks, so that the tabs of a
# stopped preview reload as soon as the next one starts), but takes any other answer than a
# stream, such as the 503 of a preview serving as many streams or connections as it can, as
# the end: it closes for good, and the tabs it served reloaded no more. `followEvents` opens
# a closed stream again after Retry-After's 5 s, then twice as long each time it is refused
# again, up to LONGEST_WAIT_SECONDS; a stream that opens starts the wait at 5 s again.
LONGEST_WAIT_SECONDS = 30
FOLLOW_EVENTS = r"""  function followEvents(url, types, deliver) {
    var firstWait = %(first)d, longestWait = %(longest)d, wait = firstWait;
    function open() {
      var source = new EventSource(url);
      source.onopen = function () { wait = firstWait; };
      source.onerror = function () {
        if (source.readyState !== EventSource.CLOSED) { return; }  // the browser opens it again
        setTimeout(open, wait);
        wait = Math.min(wait * 2, longestWait);
      };
      types.forEach(function (type) {
        source.addEventListener(type, function (event) { deliver(type, event.data); });
      });
    }
    open();
  }
""" % {"first": RETRY_AFTER_SECONDS * 1000, "longest": LONGEST_WAIT_SECONDS * 1000}


def _with_follow_events(script: str) -> str:
    """`script` with `followEvents` written where it holds the line `/* followEvents */`:
    the page's script and the shared worker both follow the stream with it."""
    marker = "  /* followEvents */\n"
    assert marker in script
    return script.replace(marker, FOLLOW_EVENTS)


CLIENT_SCRIPT = _with_follow_events(r"""(function () {
  "use strict";
  var holder = document.getElementById("goalfolio-state");
  if (!holder || window.__goalfolioLive) { return; }
  window.__goalfolioLive = true;
  var state = JSON.parse(holder.textContent);
  var OVERLAY_ID = "goalfolio-overlay";

  function element(tag, text, css) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (css) { node.style.cssText = css; }
    return node;
  }

  function hideOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) { old.remove(); }
  }

  function showOverlay(diagnostics) {
    hideOverlay();
    if (!diagnostics || !diagnostics.length) { return; }
    var box = element("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,24,.94);color:#f4f4f5;font:15px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "padding:2rem;box-sizing:border-box;text-align:left");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build errors");
    var count = diagnostics.length === 1 ? "1 problem" : diagnostics.length + " problems";
    box.appendChild(element("h2", "goalfolio: the build failed (" + count + ")", "margin:0 0 .25rem;font-size:1.25rem;color:#fca5a5"));
    box.appendChild(element("p", "Still showing the last good build. Fix the file and save; this closes by itself.",
      "margin:0 0 1.5rem;color:#d4d4d8"));
    var list = element("ol", "", "margin:0;padding:0;list-style:none");
    diagnostics.forEach(function (d) {
      var item = element("li", "", "margin:0 0 1.25rem;padding:0 0 0 1rem;border-left:3px solid " +
        (d.severity === "error" ? "#f87171" : "#fbbf24"));
      item.className = "goalfolio-diagnostic";
      item.appendChild(element("div", d.path + ":" + d.line + ":" + d.column + ": " + d.severity +
        (d.code ? " [" + d.code + "]" : ""), "font-weight:bold"));
      if (d.field) { item.appendChild(element("div", "field: " + d.field, "color:#a5b4fc")); }
      item.appendChild(element("div", d.message, ""));
      if (d.hint) { item.appendChild(element("div", "hint: " + d.hint, "color:#86efac")); }
      list.appendChild(item);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function swapStylesheets() {
    var stamp = "goalfolio=" + Date.now();
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var href = link.getAttribute("href").replace(/[?&]goalfolio=\d+/, "");
      link.setAttribute("href", href + (href.indexOf("?") === -1 ? "?" : "&") + stamp);
    });
  }

  function onBuild(data) {
    state.generation = data.generation;
    if (!state.built) {  // the server's page of problems: whatever the build did, it is out of date
      window.location.reload();
      return;
    }
    if (data.diagnostics && data.diagnostics.length) {
      showOverlay(data.diagnostics);
      return;
    }
    hideOverlay();
    var changed = data.changed || [];
    if (changed.indexOf(state.page) !== -1 || changed.some(shownHere)) {
      window.location.reload();
    } else if (changed.some(function (p) { return /\.css$/.test(p); })) {
      swapStylesheets();
    }
  }

  // Of the <link>s, only icons are shown: the feed every page links to as `alternate`
  // changes with most saves, and is not on the page.
  function shownHere(path) {
    if (/\.(html|css)$/.test(path)) { return false; }
    var url = new URL(state.base + path, window.location.href).href;
    return Array.prototype.some.call(document.querySelectorAll("img[src], source[src], object[data], link[rel~=icon][href]"),
      function (node) { return node.src === url || node.href === url || node.data === url; });
  }

  function onEvent(type, data) {
    if (type === "hello" && data.generation !== state.generation) {
      window.location.reload();
    } else if (type === "build") {
      onBuild(data);
    }
  }

  // One event stream per browser, in a shared worker, rather than one per tab: a browser
  // keeps at most six connections to a server, and a seventh tab would wait forever.
  function connect() {
    if (typeof SharedWorker === "function") {
      try {
        var worker = new SharedWorker(state.events.replace(/events$/, "worker.js"));
        worker.port.onmessage = function (event) { onEvent(event.data.type, JSON.parse(event.data.data)); };
        worker.port.start();
        window.addEventListener("pagehide", function () { worker.port.postMessage("bye"); });
        return;
      } catch (error) {
        // A browser that refuses shared workers here gets a stream of its own.
      }
    }
    followEvents(state.events, ["hello", "build"], function (type, data) { onEvent(type, JSON.parse(data)); });
  }

  /* followEvents */

  function start() {
    if (state.built) { showOverlay(state.diagnostics); }
    connect();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
""")

WORKER_SCRIPT = _with_follow_events(r"""(function () {
  "use strict";
  var ports = [];
  var latest = null;

  function send(message) {
    ports.forEach(function (port) { port.postMessage(message); });
  }

  function onEvent(type, data) {
    if (type === "hello") {
      latest = {type: "hello", data: data};
      send(latest);
    } else {
      var build = JSON.parse(data);
      latest = {type: "hello", data: JSON.stringify({generation: build.generation, diagnostics: build.diagnostics})};
      send({type: "build", data: data});
    }
  }

  /* followEvents */

  followEvents(self.location.href.replace(/worker\.js(\?.*)?$/, "events"), ["hello", "build"], onEvent);

  self.onconnect = function (event) {
    var port = event.ports[0];
    ports.push(port);
    port.onmessage = function (message) {
      if (message.data === "bye") { ports = ports.filter(function (p) { return p !== port; }); }
    };
    port.start();
    if (latest) { port.postMessage(latest); }
  };
})();
""")


def sent(text: str) -> bytes:
    """Text the preview sends, as UTF-8. A problem's path may hold a surrogate, for a name
    the locale could not decode (any non-ASCII one in the C locale, one not in UTF-8
    anywhere), which UTF-8 refuses: the page, or the event, was never sent. It goes out as
    `\\udce4`, as `goalfolio check` prints it, and in JSON that is the character's escape."""
    return text.encode("utf-8", "backslashreplace")


def failed_build_page(diagnostics: Sequence[Mapping[str, object]]) -> bytes:
    """The page served while no build has succeeded, listing what the overlay would: every
    user-written value escaped. With no diagnostics the build stopped for another reason (a
    bug, a full disk), which the terminal shows."""
    if diagnostics:
        heading = f"goalfolio: the build failed ({counted(len(diagnostics), 'problem')})"
        intro = "There is no good build to show yet. Fix the files and save: this page reloads by itself."
    else:
        heading = "goalfolio: there is no build yet"
        intro = "The first build stopped before it finished; the terminal says why. This page reloads after the next build."
    problems = "".join(_problem(d) for d in diagnostics)
    listed = f"<ol>\n{problems}</ol>\n" if problems else ""
    return sent(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{heading}</title>\n</head>\n'
                f"<body>\n<h1>{heading}</h1>\n<p>{intro}</p>\n{listed}</body>\n</html>\n")


def _problem(diagnostic: Mapping[str, object]) -> str:
    """One diagnostic laid out as the overlay lays it out: where, field, message, hint."""
    d = {key: escape(str(value)) if value is not None else "" for key, value in diagnostic.items()}
    where = f"{d['path']}:{d['line']}:{d['column']}: {d['severity']}" + (f" [{d['code']}]" if d.get("code") else "")
    lines = [f"<strong>{where}</strong>"]
    if d.get("field"):
        lines.append(f"<div>field: {d['field']}</div>")
    lines.append(f"<div>{d['message']}</div>")
    if d.get("hint"):
        lines.append(f"<div>hint: {d['hint']}</div>")
    return "<li>" + "\n".join(lines) + "</li>\n"
