"""The names in a project's folders that goalfolio never reads and that never start a
build: editors' swap, backup and lock files, downloads in progress, dot-names.

Apart from `sources`, which reads content (and YAML with it): a warm build asks only
whether anything changed, and walks the folders with these rules without loading YAML.
"""

from __future__ import annotations

# Names that are never content and never a reason to build, in every folder a build reads
# (content/ and a theme's static files; docs/cli.md lists them for people): names starting
# with a dot (Vim's swap files, Emacs's locks, Kate's swap files, Sublime Text's and gedit's
# temporary files, `.DS_Store`, `.git/`), backups (`x.md~`), swap, temporary and lock files
# of editors, and downloads still in progress. A folder so named is skipped whole.
IGNORED_PREFIXES = (".", "~$")  # `~$x.docx`: Microsoft Office's lock on an open document
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".swx", ".swpx", ".tmp", ".vsctmp", "___jb_tmp___", "___jb_old___",
                    ".part", ".crdownload")
IGNORED_NAMES = {"4913", "Thumbs.db"}  # Vim's probe of a folder; Windows's thumbnails


def is_ignored(name: str) -> bool:
    """`.x.md.swp`, `x.md~`, Emacs's `.#x.md` and `#x.md#`, Vim's probe file `4913`, the
    files JetBrains IDEs save through (`x.md___jb_tmp___`, `x.md___jb_old___`)..."""
    return (name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES
            or (len(name) > 1 and name[0] == name[-1] == "#"))
