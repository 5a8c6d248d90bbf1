"""`goalfolio clean`: it removes what a build makes, with the project found as every command
finds it, and keeps what a build would refuse to replace."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from goalfolio import staging
from goalfolio.cache import CACHE_DIR
from goalfolio.config import find_project
from goalfolio.writer import MARKER, write_site

# Two tests step in where `shutil.rmtree` removes a folder or file by its name in the folder
# it has open, which it does where it can (Linux, not macOS or Windows).
by_open_folder = pytest.mark.skipif(not shutil.rmtree.avoids_symlink_attacks, reason="shutil.rmtree works by path here")


@pytest.fixture
def built(write_project, tmp_path, run_cli) -> Path:
    """A project built once: site/ and the cache are there."""
    root = write_project(tmp_path, {"staging.yaml": "title: Staging\n"})
    assert run_cli("build", root)[0] == 0
    assert (root / "site" / MARKER).is_file() and (root / CACHE_DIR).is_dir()
    return root


def test_clean_removes_the_cache_and_the_site(built, run_cli):
    assert run_cli("clean", built) == (0, f"removed {built / CACHE_DIR}\nremoved {built / 'site'}\n", "")
    assert sorted(p.name for p in built.iterdir()) == ["content", "goalfolio.yaml", "staging.yaml"]
    assert run_cli("clean", built) == (0, f"nothing to remove: no {built / CACHE_DIR} and no {built / 'site'}\n", "")


def test_clean_of_a_project_never_built_says_there_is_nothing_to_remove(write_project, tmp_path, run_cli):
    """A silent clean leaves the user unsure whether it looked in the right folder: it names both."""
    root = write_project(tmp_path, {})
    assert run_cli("clean", root) == (0, f"nothing to remove: no {root / CACHE_DIR} and no {root / 'site'}\n", "")


def test_a_cache_that_is_a_file_is_kept_and_named(write_project, tmp_path, run_cli):
    root = write_project(tmp_path, {})
    (root / CACHE_DIR).write_text("notes\n")
    code, out, err = run_cli("clean", root)
    assert (code, out, err) == (0, f"kept {root / CACHE_DIR}: it is not a folder, so goalfolio did not make it\n", "")
    assert (root / CACHE_DIR).read_text() == "notes\n"


def test_clean_takes_the_config_option_as_build_does(built, run_cli):
    code, out, err = run_cli("clean", built, "--config", built / "staging.yaml")
    assert (code, out, err) == (0, f"removed {built / CACHE_DIR}\nremoved {built / 'site'}\n", "")


def test_clean_with_a_config_file_that_is_not_there_is_a_usage_error(built, run_cli):
    code, out, err = run_cli("clean", built, "--config", built / "nowhere.yaml")
    assert (code, out, err) == (2, "", f"goalfolio: error: the config file {built / 'nowhere.yaml'} does not exist\n")
    assert (built / "site").is_dir() and (built / CACHE_DIR).is_dir()


def test_a_broken_config_does_not_stop_clean(built, run_cli):
    """No setting moves the site or the cache, and a broken config is a common reason to clean."""
    (built / "broken.yaml").write_text("title: [unclosed\n")
    (built / "goalfolio.yaml").write_text("title: [unclosed\n")
    for config in (["--config", built / "broken.yaml"], []):
        assert run_cli("build", built, "--out", built / "site", *config)[0] == 1
        assert run_cli("clean", built, *config) == (0, f"removed {built / CACHE_DIR}\nremoved {built / 'site'}\n", "")
        assert run_cli("build", built, "--config", built / "staging.yaml")[0] == 0


def test_a_site_holding_a_git_repository_is_kept(built, run_cli):
    """A deploy branch checked out in site/: build refuses to replace it, so clean must not delete it."""
    (built / "site" / ".git").mkdir()
    code, out, err = run_cli("clean", built)
    assert (code, out, err) == (0, f"removed {built / CACHE_DIR}\nkept {built / 'site'}: it holds .git, a Git repository\n", "")
    assert (built / "site" / ".git").is_dir() and (built / "site" / "index.html").is_file()
    assert run_cli("build", built)[0] == 2


def test_a_site_that_is_a_link_is_kept_with_its_target(built, tmp_path, run_cli):
    (built / "site").rename(tmp_path / "elsewhere")
    (built / "site").symlink_to(tmp_path / "elsewhere")
    code, out, _ = run_cli("clean", built)
    assert (code, out) == (0, f"removed {built / CACHE_DIR}\nkept {built / 'site'}: it is a symbolic link, which goalfolio never makes\n")
    assert (tmp_path / "elsewhere" / "index.html").is_file() and (built / "site").is_symlink()


def test_a_site_that_is_a_file_is_kept(built, run_cli):
    (built / "site").rename(built / "old-site")
    (built / "site").write_text("notes\n")
    code, out, _ = run_cli("clean", built)
    assert (code, out) == (0, f"removed {built / CACHE_DIR}\nkept {built / 'site'}: it is not a folder\n")
    assert (built / "site").read_text() == "notes\n"


def test_a_cache_that_is_a_link_is_kept_with_its_target(built, tmp_path, run_cli):
    (built / CACHE_DIR).rename(tmp_path / "ramdisk")
    (built / CACHE_DIR).symlink_to(tmp_path / "ramdisk")
    code, out, err = run_cli("clean", built)
    assert (code, err) == (0, "")
    assert out == (f"kept {built / CACHE_DIR}: it is a symbolic link, which goalfolio never makes; remove it yourself\n"
                   f"removed {built / 'site'}\n")
    assert any((tmp_path / "ramdisk").iterdir())


def test_a_site_goalfolio_did_not_make_is_kept(built, run_cli):
    (built / "site" / MARKER).unlink()
    code, out, _ = run_cli("clean", built)
    assert (code, out) == (0, f"removed {built / CACHE_DIR}\nkept {built / 'site'}: it has no {MARKER} file, so goalfolio did not make it\n")


@by_open_folder
def test_a_build_swapping_its_site_in_while_clean_removes_it_waits_and_its_site_is_left_whole(built, run_cli, monkeypatch):
    """A build that swapped its site in while clean removed site/ renamed the folder from
    under `shutil.rmtree`, which then failed on the new site ("Directory not empty", exit 1);
    one that looked at site/ once clean had removed the marker file refused it as "not made
    by goalfolio" (exit 2). Here the build starts the moment clean has removed the first
    folder of the site: it waits for the clean, then puts its site in."""
    fcntl = pytest.importorskip("fcntl")
    new_site = {"index.html": b"new\n", "goals/index.html": b"goals\n"}
    building: list[threading.Thread] = []
    failed: list[Exception] = []
    waiting = threading.Event()
    real_flock, real_rmdir = fcntl.flock, os.rmdir

    def flock(handle, operation):
        if threading.current_thread() in building and not operation & fcntl.LOCK_NB:
            try:
                return real_flock(handle, operation | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting.set()
        return real_flock(handle, operation)

    def build():
        try:
            write_site(new_site, built / "site", find_project(built), record=False)
        except Exception as exc:  # noqa: BLE001 - asserted below
            failed.append(exc)

    def rmdir(path, *, dir_fd=None):
        if dir_fd is not None and not building:  # inside rmtree(site): a folder of the site
            building.append(threading.Thread(target=build))
            building[0].start()
            while building[0].is_alive() and not waiting.wait(0.01):
                pass
        return real_rmdir(path, dir_fd=dir_fd)

    retired: list[Path] = []
    monkeypatch.setattr(fcntl, "flock", flock)
    monkeypatch.setattr(os, "rmdir", rmdir)
    monkeypatch.setattr(staging, "_remove_later", retired.append)
    result = run_cli("clean", built)
    building[0].join()
    assert failed == []
    assert result == (0, f"removed {built / CACHE_DIR}\nremoved {built / 'site'}\n", "")
    assert {p.relative_to(built / "site").as_posix(): p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()} == {
        **new_site, MARKER: b"This folder is written by goalfolio build and replaced on every build.\n"}
    assert sorted(p.name for p in built.iterdir()) == ["content", "goalfolio.yaml", "site", "staging.yaml"] and retired == []


@by_open_folder
def test_a_build_saving_into_the_cache_while_clean_removes_it_does_not_fail_the_clean(built, run_cli, monkeypatch):
    """A save finishing while `shutil.rmtree` removed the cache renamed its temporary file
    away from under it ("No such file or directory") and added a file after the folder was
    listed ("Directory not empty"): clean failed with exit 1. Here a save in progress
    finishes the moment clean removes the first file of the cache."""
    saving = built / CACHE_DIR / ".state-in-progress"
    saving.write_bytes(b"state")
    real_unlink = os.unlink
    saved: list[str] = []

    def unlink(path, *, dir_fd=None):
        if dir_fd is not None and not saved and path != saving.name:
            os.replace(saving, built / CACHE_DIR / "state-new.pickle")
            saved.append(path)
        return real_unlink(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", unlink)
    assert run_cli("clean", built) == (0, f"removed {built / CACHE_DIR}\nremoved {built / 'site'}\n", "")
    assert len(saved) == 1 and sorted(p.name for p in built.iterdir()) == ["content", "goalfolio.yaml", "staging.yaml"]


def test_clean_removes_the_folders_stopped_builds_left_beside_the_site(built, run_cli):
    """A build killed while writing leaves its staging folder, and one stopped before it
    removed the site it replaced leaves that: each as big as a site. A clean said it had
    removed what builds make and left them. One made in the last minute may be a build's
    that is writing now: it stays."""
    killed, retired, young = built / ".site.new-k1ll3d", built / ".site.old-r3t1r3", built / ".site.new-y0ung"
    for folder in (killed, retired, young):
        (folder / "goals").mkdir(parents=True)
        (folder / "goals" / "index.html").write_text("<p>old</p>\n", encoding="utf-8")
    os.utime(killed, (1_700_000_000, 1_700_000_000))
    assert run_cli("clean", built) == (0, f"removed {built / CACHE_DIR}\nremoved {built / 'site'}\n"
                                          f"removed .site.new-k1ll3d, .site.old-r3t1r3 beside {built / 'site'}: "
                                          "left by builds that were stopped\n", "")
    assert sorted(p.name for p in built.iterdir()) == [".site.new-y0ung", "content", "goalfolio.yaml", "staging.yaml"]
