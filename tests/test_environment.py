"""Same input, same bytes: with `today:` pinned, a site depends on the content and
goalfolio.yaml alone, never on the environment of the build. Each build here differs from a
clean one-process build in the test's own environment in what it runs under (hash seed,
time zone, locale), in how the project is reached and was made (a symlinked folder named
relatively from elsewhere, files created in another order with other times), in the order
the file system lists names, or in the cache another environment left; its whole output
is compared, names, bytes and modes. The preview serves the bytes a build writes."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from preview_support import get, running_preview
from site_helpers import build_project, read_tree
from test_cache import C_LOCALE, example_project

from goalfolio.writer import MARKER

# Run as `python shuffled.py build ...`: goalfolio with every folder listed in a shuffled
# order, in this process and in the workers it forks.
SHUFFLED = '''import os, random, runpy, sys
order = random.Random(7)
listdir, scandir = os.listdir, os.scandir

class Listing:
    def __init__(self, path):
        with scandir(path) as found:
            self.entries = list(found)
        order.shuffle(self.entries)
        self.rest = iter(self.entries)
    def __iter__(self):
        return self
    def __next__(self):
        return next(self.rest)
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
    def close(self):
        pass

def shuffled_listdir(path="."):
    names = listdir(path)
    order.shuffle(names)
    return names

os.listdir, os.scandir = shuffled_listdir, lambda path=".": Listing(path)
sys.argv[0] = "goalfolio"
runpy.run_module("goalfolio", run_name="__main__", alter_sys=True)
'''
SNIPPET = re.compile(rb'<script id="goalfolio-state" type="application/json">.*?</script>\n'
                     rb'<script src="/portfolio/__goalfolio/livereload\.js"></script>\n', re.DOTALL)


def project(tmp_path: Path) -> Path:
    """The example, with a file whose name the C locale reads otherwise (`café.svg`)."""
    root = example_project(tmp_path)
    (root / "content/assets/caf\u00e9.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    return root


def output(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file and folder below `folder`: its mode, and a file's bytes."""
    found = {}
    for parent, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(parent, name)
            mode = path.lstat().st_mode
            found[path.relative_to(folder).as_posix()] = (mode, path.read_bytes() if stat.S_ISREG(mode) else b"")
    return found


def cli(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None, command: str = "-m goalfolio") -> str:
    done = subprocess.run([sys.executable, *command.split(), "build", *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


def copied_in_reverse(root: Path, copy: Path) -> Path:
    """`root` copied file by file in reverse order, every file and folder dated 2001."""
    files = sorted(p for p in root.rglob("*") if p.is_file())
    for path in reversed(files):
        target = copy / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for path in [*copy.rglob("*"), copy]:
        os.utime(path, (978_307_200, 978_307_200))
    return copy


def hash_seed_and_a_day_ahead(root: Path, tmp_path: Path) -> Path:
    cli(root, "--no-cache", "--jobs", "1", "--out", tmp_path / "out", env={"PYTHONHASHSEED": "1", "TZ": "Pacific/Kiritimati"})
    return tmp_path / "out"


def c_locale_and_a_day_behind(root: Path, tmp_path: Path) -> Path:
    env = {**C_LOCALE, "PYTHONHASHSEED": "2", "TZ": "Pacific/Pago_Pago"}
    cli(root, "--no-cache", "--jobs", "1", "--out", tmp_path / "out", env=env)
    return tmp_path / "out"


def copied_in_reverse_and_reached_through_a_symlink(root: Path, tmp_path: Path) -> Path:
    (tmp_path / "link").symlink_to(copied_in_reverse(root, tmp_path / "copy"))
    (tmp_path / "elsewhere").mkdir()
    cli("../link/", "--no-cache", "--jobs", "1", "--out", "../out", cwd=tmp_path / "elsewhere")
    return tmp_path / "out"


def listed_shuffled_with_two_jobs(root: Path, tmp_path: Path) -> Path:
    (tmp_path / "shuffled.py").write_text(SHUFFLED, encoding="utf-8")
    cli(root, "--no-cache", "--jobs", "2", "--out", tmp_path / "out", command=str(tmp_path / "shuffled.py"))
    return tmp_path / "out"


def cached_in_another_environment(root: Path, tmp_path: Path) -> Path:
    cli(root, "--out", tmp_path / "first", env={"PYTHONHASHSEED": "3", "TZ": "America/St_Johns", "LC_ALL": "POSIX"})
    assert ", nothing changed) into " in cli(root, "--out", tmp_path / "out")
    return tmp_path / "out"


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[int, bytes]]]:
    """The project, and its clean one-process build in this environment."""
    folder = tmp_path_factory.mktemp("clean")
    root = project(folder)
    cli(root, "--no-cache", "--jobs", "1", "--out", folder / "site")
    return root, output(folder / "site")


@pytest.mark.parametrize("variant", [hash_seed_and_a_day_ahead, c_locale_and_a_day_behind, copied_in_reverse_and_reached_through_a_symlink,
                                     listed_shuffled_with_two_jobs, cached_in_another_environment], ids=lambda v: v.__name__)
def test_a_build_in_another_environment_writes_the_same_files(tmp_path: Path, variant: Callable[[Path, Path], Path],
                                                              clean: tuple[Path, dict[str, tuple[int, bytes]]]) -> None:
    """The two time zones are a day apart: one of them is on another date than this one."""
    source, files = clean
    assert "assets/caf\u00e9.svg" in files
    assert output(variant(shutil.copytree(source, tmp_path / "example"), tmp_path)) == files


@pytest.mark.parametrize("audience", ["public", None])
def test_the_preview_serves_the_bytes_a_build_writes(tmp_path: Path, audience: str | None) -> None:
    """Every file `goalfolio build` writes for the preview's address, byte for byte, with
    the preview's state and script added to each page, and no other file."""
    root = project(tmp_path)
    with running_preview(root, audience=audience) as preview:
        built = {path: data for path, data in read_tree(build_project(root, tmp_path / "site", audience, preview.url)).items()
                 if path != MARKER}
        served = {}
        for path in built:
            status, _, body = get(preview, preview.base_path + quote(path))
            served[path] = SNIPPET.sub(b"", body, count=1) if path.endswith(".html") and status == 200 else body
            assert (status, path.endswith(".html")) == (200, served[path] != body), path
        assert served == built
        assert sorted(preview.snapshot().files) == sorted(built)
