"""The lean paths of `goalfolio build`: a one-shot build streams pages to disk (same bytes as
the in-memory build, nothing left behind when it fails), a warm build with nothing changed
is served from the cache without importing the models, and a build of valid files imports
none of the modules that explain errors."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from test_cache import example_project, generated_project, read_tree

from goalfolio import build as build_module
from goalfolio import writer
from goalfolio.build import Builder, BuildOptions
from goalfolio.cli import main
from goalfolio.config import find_project
from goalfolio.errors import UserError
from goalfolio.oneshot import build_site
from goalfolio.writer import MARKER


def test_streamed_one_shot_build_writes_what_the_builder_holds(tmp_path: Path) -> None:
    root = generated_project(tmp_path, 40)
    held = Builder(find_project(root), BuildOptions()).build().files
    out = tmp_path / "out"
    result = build_site(find_project(root), BuildOptions(), out)
    written = read_tree(out)
    assert written.pop(MARKER)
    assert written == held
    assert sorted(result.files) == sorted(held)


def test_failed_streamed_build_leaves_the_site_and_no_staging(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = example_project(tmp_path)
    out = tmp_path / "site"
    build_site(find_project(root), BuildOptions(), out)
    before = read_tree(out)
    real = build_module.PageRenderer.render
    calls = {"n": 0}

    def failing(self, plan):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:
            raise build_module.RootAbsoluteLinkError("x.html has a root-absolute link: href=\"/x\"")
        return real(self, plan)

    monkeypatch.setattr(build_module.PageRenderer, "render", failing)
    with pytest.raises(UserError):
        build_site(find_project(root), BuildOptions(), out)
    assert read_tree(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.new-")] == []


def test_warm_cli_build_reuses_the_cache_without_importing_models(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    out = tmp_path / "site"
    code = ("import sys\nfrom goalfolio.cli import main\n"
            f"main(['build', {str(root)!r}, '--out', {str(out)!r}])\n"
            "print('goalfolio.models' in sys.modules)\n")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert first.stdout.strip().endswith("True")
    cold = read_tree(out)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert warm.stdout.strip().endswith("False")
    assert read_tree(out) == cold
    (out / "index.html").unlink()  # a damaged site is written again from the cache
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert read_tree(out) == cold


# The modules that explain a YAML syntax error or a file its schema refuses: only such a file
# needs them, so a build of valid files does not spend its start importing them.
ERROR_PATH_MODULES = ("goalfolio.indentation", "goalfolio.schemaerrors", "goalfolio.shapehints", "goalfolio.syntaxerrors",
                      "goalfolio.valuehints", "goalfolio.yamllines")


def test_a_cold_build_of_valid_files_imports_no_module_that_explains_errors(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    code = ("import sys\nfrom goalfolio.cli import main\n"
            f"main(['build', {str(root)!r}, '--out', {str(tmp_path / 'site')!r}, '--no-cache'])\n"
            f"print(sorted(name for name in {ERROR_PATH_MODULES!r} if name in sys.modules))\n")
    built = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert built.stdout.strip().splitlines()[-1] == "[]"


def test_a_failed_write_is_reported_as_an_error_and_leaves_the_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = example_project(tmp_path)
    out = root / "site"
    build_site(find_project(root), BuildOptions(), out)
    before = read_tree(out)
    real = writer.os.open
    calls = {"n": 0}

    def disk_full(target: str, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags == writer._FLAGS:
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(errno.ENOSPC, "No space left on device", target)
        return real(target, flags, *args, **kwargs)

    monkeypatch.setattr(writer.os, "open", disk_full)
    assert main(["build", str(root), "--no-cache", "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    target = Path(err.removeprefix("goalfolio: error: ").split(": ")[0])
    assert err == (f"goalfolio: error: {target}: No space left on device\n"
                   "    hint: free some space on that disk, or build into a folder on another one with --out\n")
    assert target.relative_to(root).parts[0].startswith(".site.new-")
    assert read_tree(out) == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.new-")] == []


def test_a_site_folder_that_is_a_symlink_to_itself_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Resolving the link raised RuntimeError, reported as a bug in goalfolio (exit 3)."""
    root = example_project(tmp_path)
    (root / "site").symlink_to("site")
    assert main(["build", str(root), "--jobs", "1"]) == 2
    assert capsys.readouterr().err == (f"goalfolio: error: refusing to write the site to {root / 'site'}: it is a symbolic link that "
                                       "leads back to itself; remove it or choose another --out\n")


def test_a_theme_folder_that_is_a_symlink_to_itself_is_not_a_bug(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Resolving its templates folder raised RuntimeError (before Python 3.13), reported as a
    bug in goalfolio (exit 3). Nothing is found through it, so the built-in theme is used."""
    root = example_project(tmp_path)
    (root / "themes").mkdir()
    (root / "themes/default").symlink_to("default")
    assert main(["build", str(root), "--jobs", "1", "--no-cache"]) == 0
    assert "internal error" not in capsys.readouterr().err


@pytest.mark.parametrize("name", [".goalfolio-cache", "themes", "content"])
def test_a_folder_builds_read_that_is_a_symlink_to_itself_is_not_a_bug(name: str, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Telling whether the site would be written inside it resolved the link, which raised
    RuntimeError (before Python 3.13): every build, with or without the cache, was reported
    as a bug in goalfolio (exit 3)."""
    root = example_project(tmp_path)
    if name == "content":
        shutil.rmtree(root / name)
    (root / name).symlink_to(name)
    told = {
        ".goalfolio-cache": (0, ".goalfolio-cache:1:1: warning: the build cache could not be saved (File exists): the next build "
                                "starts from scratch\n    hint: make it a folder you can write to (or delete it), or build with "
                                "--no-cache\n"),
        "themes": (0, ""),
        "content": (1, "content:1:1: error: the content/ folder is missing\n    hint: create content/ with a profile.md, or run "
                       "`goalfolio init`\n1 error, 0 warnings in 1 file\n"),
    }[name]
    for cache in ([], ["--no-cache"]):
        code = main(["build", str(root), "--jobs", "1", *cache])
        assert (code, capsys.readouterr().err) == (told if not cache or name != ".goalfolio-cache" else (0, ""))
    assert (root / "site").is_dir() == (name != "content")


def test_a_refused_output_folder_is_told_before_the_content_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused only when the site was written, `--out` came after the whole build, which
    saved its cache, and after every content problem, so the user fixed those first."""
    root = example_project(tmp_path)
    refusal = (f"goalfolio: error: refusing to write the site to {root}: it is the project folder, and a build replaces its "
               f"output folder whole; choose a folder such as {root / 'site'}\n")
    assert main(["build", str(root), "--out", str(root), "--jobs", "1"]) == 2
    assert capsys.readouterr() == ("", refusal)
    assert sorted(p.name for p in root.iterdir()) == ["content", "goalfolio.yaml"]
    goal = root / "content/goals/dutch-a2-exam.md"
    goal.write_text(goal.read_text(encoding="utf-8").replace("status: achieved", "status: bogus"), encoding="utf-8")
    assert main(["build", str(root), "--out", str(root), "--jobs", "1"]) == 2
    assert capsys.readouterr() == ("", refusal)
    assert main(["check", str(root)]) == 1  # the content problem the refusal comes before
    capsys.readouterr()
    (root / "goalfolio.yaml").unlink()  # where no portfolio is, that comes first
    assert main(["build", str(root), "--out", str(root), "--jobs", "1"]) == 1
    assert "error: no goalfolio.yaml found" in capsys.readouterr().err


def in_mount_namespace(command: str) -> subprocess.CompletedProcess[str]:
    """`command` run by `sh` in a user and mount namespace of its own, where it may mount a
    small tmpfs as a real disk would be (full, or a mount point) without root."""
    try:
        done = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", command], capture_output=True,
                              text=True, timeout=120)
    except FileNotFoundError:
        pytest.skip("needs unshare")
    if "unshare:" in done.stderr or "mount:" in done.stderr:
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")
    return done


def test_a_site_folder_that_is_a_mount_point_is_refused_before_building(tmp_path: Path) -> None:
    """A mount point cannot be renamed: the whole site was built beside it, then the swap
    failed with "Device or resource busy". Mounted in a namespace of its own."""
    root = example_project(tmp_path)
    site = root / "site"
    site.mkdir()
    done = in_mount_namespace(f'mount -t tmpfs tmpfs "{site}" && exec "{sys.executable}" -m goalfolio build "{root}" --jobs 1')
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"goalfolio: error: refusing to write the site to {site}: it is a mount point, which a build cannot replace "
                           f"(it writes the new site beside it and swaps the two); write to a folder inside it, such as {site / 'site'}\n")
    assert [p.name for p in root.iterdir() if p.name.startswith(".site.")] == []


def test_a_disk_that_fills_up_while_the_site_is_written_names_the_file_and_leaves_the_site(tmp_path: Path) -> None:
    """A real full disk: the site's folder on a 2 MB file system that holds one build of the
    example (1.1 MB) but not a second beside it. `os.write` names no file, and the error
    read "goalfolio: error: No space left on device" alone."""
    root = example_project(tmp_path)
    disk, before = tmp_path / "disk", tmp_path / "before"
    site = disk / "site"
    disk.mkdir()
    build = f'"{sys.executable}" -m goalfolio build "{root}" --out "{site}" --no-cache --jobs 1'
    command = (f'mount -t tmpfs -o size=2m tmpfs "{disk}" && {build} >/dev/null && cp -r "{site}" "{before}" '
               f'&& {build}; echo "exit $?"; ls -A "{disk}"; diff -r "{before}" "{site}" && echo same')
    done = in_mount_namespace(command)
    target = Path(done.stderr.removeprefix("goalfolio: error: ").split(": ")[0])
    assert done.stderr == (f"goalfolio: error: {target}: No space left on device\n"
                           "    hint: free some space on that disk, or build into a folder on another one with --out\n")
    assert target.relative_to(disk).parts[0].startswith(".site.new-") and len(target.relative_to(disk).parts) > 1
    assert done.stdout == "exit 1\nsite\nsame\n"


def staging_with_files(root: Path) -> list[Path]:
    """Staging folders the build has begun to fill: killed the moment one appeared, a build
    sometimes left it still empty, and the test then failed about a folder it had not written."""
    found = []
    for folder in root.iterdir():
        try:
            if folder.name.startswith(".site.new-") and any(folder.iterdir()):
                found.append(folder)
        except FileNotFoundError:
            continue  # swapped in as the site between the two looks
    return found


def test_a_staging_folder_left_by_a_killed_build_is_removed_by_the_next_and_one_in_use_is_not(tmp_path: Path) -> None:
    """`kill -9` (or the machine stopping) while a build writes its staging folder left the
    folder, as big as the site, beside it for good: only retired sites were swept."""
    root = generated_project(tmp_path, 400)
    command = [sys.executable, "-m", "goalfolio", "build", str(root), "--no-cache", "--jobs", "1"]
    killed = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not (left := staging_with_files(root)) and killed.poll() is None:
        time.sleep(0.005)
    killed.kill()
    assert killed.wait(timeout=60) == -signal.SIGKILL and len(left) == 1 and any(left[0].iterdir())
    fcntl = pytest.importorskip("fcntl")
    in_use = root / ".site.new-another-build"
    in_use.mkdir()
    lock = os.open(in_use, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as a build writing it holds it
    for folder in (left[0], in_use):
        os.utime(folder, (time.time() - 3600,) * 2)  # as if the build was killed a while ago
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        deadline = time.monotonic() + 30
        while left[0].exists() and time.monotonic() < deadline:  # removed by an `rm` of its own, off the build's path
            time.sleep(0.05)
        assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site.")) == [in_use.name]
    finally:
        os.close(lock)


@pytest.mark.parametrize("edit", [False, True])
def test_what_killed_builds_left_is_removed_by_a_build_that_writes_no_new_site(edit: bool, tmp_path: Path,
                                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Only a build writing a whole new site swept: with nothing changed (the site reused) or
    a small edit (applied in place), a staging folder that a killed build left, as big as
    the site, stayed for as long as no larger change came."""
    root = example_project(tmp_path)
    assert main(["build", str(root), "--jobs", "1"]) == 0
    left = [root / ".site.new-killed", root / ".site.old-killed"]
    for folder in left:
        (folder / "evidence").mkdir(parents=True)
        (folder / "evidence" / "index.html").write_text("a page")
        os.utime(folder, (time.time() - 3600,) * 2)  # as if the build was killed a while ago
    if edit:
        path = sorted((root / "content" / "evidence").glob("*.md"))[0]
        path.write_text(path.read_text() + "\nOne more sentence.\n")
    capsys.readouterr()
    assert main(["build", str(root), "--jobs", "1"]) == 0
    assert ("nothing changed" in capsys.readouterr().out) != edit
    deadline = time.monotonic() + 30
    while any(folder.exists() for folder in left) and time.monotonic() < deadline:  # an `rm` of its own removes them
        time.sleep(0.05)
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site.")) == []


def test_builds_writing_one_site_at_once_all_succeed_and_leave_one_of_them_whole(tmp_path: Path) -> None:
    """Each swapped its site in: between one's two renames the folder was missing or back
    already, and builds failed with "No such file or directory" or "Directory not empty"."""
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "goalfolio.yaml").write_text("title: T\n")
    code = ("import sys\nfrom pathlib import Path\nfrom goalfolio.config import find_project\nfrom goalfolio.writer import write_site\n"
            "root, tag = Path(sys.argv[1]), sys.argv[2]\n"
            "files = {f'p{i}/index.html': f'{tag}{i}'.encode() for i in range(30)}\nfailed = []\n"
            "for _ in range(80):\n    try:\n        write_site(files, root / 'site', find_project(root), None, record=False)\n"
            "    except OSError as exc:\n        failed.append(exc.strerror)\nprint(sorted(set(failed)))\n")
    writers = [subprocess.Popen([sys.executable, "-c", code, str(root), tag], stdout=subprocess.PIPE, text=True) for tag in "ABC"]
    assert [w.communicate(timeout=120)[0] for w in writers] == ["[]\n"] * 3
    site = read_tree(root / "site")
    tag = site["p0/index.html"][:1].decode()
    assert site == {MARKER: site[MARKER], **{f"p{i}/index.html": f"{tag}{i}".encode() for i in range(30)}}
