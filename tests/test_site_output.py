"""The output folder: dangerous places are refused with exit code 2, a failed build leaves
the previous site byte for byte, and a rebuild drops deleted content."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, make_project
from site_helpers import read_tree

from goalfolio.cli import main

GOAL = "---\ntitle: Lead a team of six\ntype: leadership\nstart: 2026-01-01\ntarget_date: 2027-06-30\n---\nThe plan.\n"


def run_build(root: Path, out: Path | str) -> int:
    return main(["build", str(root), "--out", str(out)])


@pytest.mark.parametrize("where", ["root", "home", "project", "content", "ancestor"])
def test_dangerous_output_folders_are_refused(tmp_path: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path)
    out = {"root": Path("/"), "home": Path.home(), "project": root, "content": root / "content",
           "ancestor": root.parent}[where]
    assert run_build(root, out) == 2
    what = {"root": "the root folder", "home": "your home folder", "project": "the project folder",
            "content": "the content folder", "ancestor": f"above the project folder, {root}"}[where]
    assert capsys.readouterr().err == (f"goalfolio: error: refusing to write the site to {out.resolve()}: it is {what}, and a build "
                                       f"replaces its output folder whole; choose a folder such as {root / 'site'}\n")


@pytest.mark.parametrize("out", ["notes.txt/site", "notes.txt/deeper/site"])
def test_an_output_folder_below_a_file_is_refused_as_a_usage_error(tmp_path: Path, out: str,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """It was "goalfolio: error: .../notes.txt: File exists", exit code 1, as if the disk had failed."""
    root = make_project(tmp_path)
    (tmp_path / "notes.txt").write_text("notes\n", encoding="utf-8")
    assert run_build(root, tmp_path / out) == 2
    assert capsys.readouterr().err == (f"goalfolio: error: refusing to write the site to {tmp_path.resolve() / out}: "
                                       f"{tmp_path.resolve() / 'notes.txt'} is a file, not a folder\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "notes\n"


@pytest.mark.parametrize("inside", ["content/assets/preview", "content/evidence/out", "themes/mine/site", ".goalfolio-cache/site",
                                    "themes", ".goalfolio-cache"])
def test_output_folders_inside_what_the_build_reads_are_refused(tmp_path: Path, inside: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A site written into content/assets/ was taken in by the next public build, and published
    the owner's view of private items as assets."""
    root = make_project(tmp_path)
    assert run_build(root, root / inside) == 2
    source = root.resolve() / inside.split("/")[0]
    where = "inside " if "/" in inside else ""
    assert capsys.readouterr().err == (
        f"goalfolio: error: refusing to write the site to {root.resolve() / inside}: it is {where}{source}, which builds "
        f"read (the next build would take it in and publish it); choose a folder such as {root.resolve() / 'site'}\n")
    assert not (root / inside / ".goalfolio-site").exists()


def test_non_empty_folder_without_marker_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    assert run_build(root, out) == 2
    assert (out / "notes.txt").read_text() == "keep me"
    assert "no .goalfolio-site file" in capsys.readouterr().err


def test_folder_holding_git_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    out = tmp_path / "repo"
    (out / ".git").mkdir(parents=True)
    (out / ".goalfolio-site").write_text("")
    assert run_build(root, out) == 2


def test_failed_build_leaves_previous_site_untouched(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"content/goals/lead-team.md": GOAL})
    out = tmp_path / "site"
    assert run_build(root, out) == 0
    before = read_tree(out)
    (root / "content/goals/lead-team.md").write_text(GOAL.replace("start: 2026-01-01", "start: 2026-13-01"))
    assert run_build(root, out) == 1
    assert read_tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_deleted_content_disappears_from_the_output(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"content/goals/lead-team.md": GOAL}, config=MINIMAL_CONFIG)
    out = tmp_path / "site"
    assert run_build(root, out) == 0
    assert (out / "goals/lead-team/index.html").is_file()
    (root / "content/goals/lead-team.md").unlink()
    assert run_build(root, out) == 0
    assert not (out / "goals/lead-team").exists()


def test_missing_markdown_image_is_an_error_with_its_line(build_site) -> None:  # type: ignore[no-untyped-def]
    evidence = "---\ntitle: Talk\ndate: 2026-05-01\nkind: talk\n---\nIntro.\n\n![Slide](assets/missing.png)\n"
    code, _, err = build_site({"content/evidence/talk.md": evidence})
    assert code == 1
    assert "content/evidence/talk.md:8:10: error: the image `assets/missing.png` is not in content/assets/" in err


def test_non_ascii_asset_names_build_alike_in_any_locale(tmp_path: Path) -> None:
    """File names are decoded in the locale's encoding, links as UTF-8: a build in the C
    locale (no UTF-8 mode) finds `café.svg` and writes the same site."""
    evidence = "---\ntitle: Talk\ndate: 2026-05-01\nkind: talk\n---\n![Slide](assets/caf\u00e9.svg)\n"
    profile = "---\nname: Test Person\nphoto: caf\u00e9.svg\n---\nA short bio.\n"
    root = make_project(tmp_path, {"content/evidence/talk.md": evidence, "content/profile.md": profile,
                                   "content/assets/caf\u00e9.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'})
    sites = {}
    for name, env in {"utf-8": {"LC_ALL": "C.UTF-8"}, "c": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}}.items():
        out = tmp_path / name
        done = subprocess.run([sys.executable, "-m", "goalfolio", "build", str(root), "--out", str(out), "--no-cache"],
                              capture_output=True, text=True, env={**os.environ, **env})
        assert done.returncode == 0, done.stderr
        sites[name] = read_tree(out)
    assert sites["c"] == sites["utf-8"]
    assert "assets/caf\u00e9.svg" in sites["c"]
    assert b'src="../../assets/caf%C3%A9.svg"' in sites["c"]["evidence/talk/index.html"]


def test_markdown_image_in_assets_is_copied_and_linked(build_site) -> None:  # type: ignore[no-untyped-def]
    evidence = "---\ntitle: Talk\ndate: 2026-05-01\nkind: talk\n---\n![Slide](assets/slide.svg)\n"
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>'
    code, out, err = build_site({"content/evidence/talk.md": evidence, "content/assets/slide.svg": svg})
    assert code == 0, err
    assert (out / "assets/slide.svg").read_text() == svg
    assert '<img src="../../assets/slide.svg" alt="Slide" />' in (out / "evidence/talk/index.html").read_text()


def test_assets_and_theme_static_files_are_copied_byte_for_byte(build_site) -> None:  # type: ignore[no-untyped-def]
    """Not read as text: a scan, a font, a file in Latin-1 or with Windows line endings."""
    assets = {"content/assets/scan.bin": bytes(range(256)), "content/assets/notes/caf\u00e9.txt": b"caf\xe9\r\nend",
              "themes/default/static/extra.css": b"\xef\xbb\xbfbody {}\r\n\xff"}
    code, out, err = build_site(assets)
    assert (code, err) == (0, "")
    assert {path: (out / path.removeprefix("content/").removeprefix("themes/default/")).read_bytes() for path in assets} == assets
