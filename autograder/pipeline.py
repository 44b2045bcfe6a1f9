"""Release the course with nbgrader's own API (the code behind its commands).

    python -m autograder.pipeline release [LESSON]   # solutions/ -> notebooks/
    python -m autograder.pipeline execute [LESSON]   # re-run reference notebooks, store outputs

Grading a class is autograder/grading.py.

A run uses autograder/nbgrader_config.py with an explicit course root and
gradebook, so a release or a grading run in a temporary folder never touches
the course's own gradebook. Everything runs in one process: importing nbgrader
costs seconds, and running its command line once per step would pay that each time.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
CONFIG_FILE = ROOT / "autograder" / "nbgrader_config.py"


def lessons() -> list[str]:
    """Lesson (nbgrader assignment) names, in course order."""
    return sorted(p.parent.name for p in SOLUTIONS.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def course_config():
    """The course's nbgrader configuration (autograder/nbgrader_config.py), as traitlets loads it."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()


def nbgrader_api(course_root: Path, extra=None, **course_dirs):
    """An ``NbGraderAPI`` for the course config, rooted at ``course_root`` with its own gradebook.

    ``course_dirs`` override CourseDirectory folders, e.g. ``release_directory=path``;
    ``extra`` is a traitlets Config merged on top (e.g. Autograde's preprocessor lists).
    """
    from nbgrader.apps import NbGraderAPI

    # nbgrader shells out to `alembic` when it opens a gradebook.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    config = course_config()
    overrides = {"root": str(course_root), "db_url": f"sqlite:///{course_root / 'gradebook.db'}",
                 "source_directory": str(SOLUTIONS), **{k: str(v) for k, v in course_dirs.items()}}
    for key, value in overrides.items():
        setattr(config.CourseDirectory, key, value)
    if extra is not None:
        config.merge(extra)
    return NbGraderAPI(config=config)


def check(result: dict, what: str) -> None:
    """Raise with nbgrader's log when one of its API calls failed."""
    if not result["success"]:
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('log', '')}\n{result.get('error', '')}")


def release(dest: Path = NOTEBOOKS, names: list[str] | None = None) -> None:
    """Generate the student notebooks of every lesson (or of ``names``) from solutions/ into ``dest``."""
    with tempfile.TemporaryDirectory(prefix="release-") as work:
        api = nbgrader_api(Path(work), release_directory=Path(dest).resolve())
        for name in names or lessons():
            check(api.generate_assignment(name, force=True), f"generate_assignment {name}")


def execute(names: list[str] | None = None) -> None:
    """Run reference notebooks top to bottom in a fresh kernel and store their outputs (what nbval compares)."""
    import nbformat
    from nbclient import NotebookClient

    for name in names or lessons():
        for path in sorted((SOLUTIONS / name).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            nbformat.write(nb, path)
            print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="regenerate the student notebooks from solutions/")
    rel.add_argument("--dest", type=Path, default=NOTEBOOKS)
    rel.add_argument("lessons", nargs="*")
    ex = sub.add_parser("execute", help="re-run reference notebooks and store their outputs")
    ex.add_argument("lessons", nargs="*")
    args = parser.parse_args(argv)
    if args.command == "release":
        release(args.dest, args.lessons)
        print(f"released {len(args.lessons or lessons())} lesson(s) into {args.dest}")
    else:
        execute(args.lessons)


if __name__ == "__main__":
    main()
