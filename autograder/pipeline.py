"""Release and grade the course with nbgrader's own API (the code behind its commands).

    python -m autograder.pipeline release            # solutions/ -> notebooks/
    python -m autograder.pipeline execute [LESSON]   # re-run reference notebooks, store outputs
    python -m autograder.pipeline grade SUBMITTED    # SUBMITTED/{student}/{lesson}/*.ipynb

A run uses autograder/nbgrader_config.py with an explicit course root and
gradebook, so a release or a grading run in a temporary folder never touches
the course's own gradebook. Everything runs in one process: importing nbgrader
costs seconds, and running its command line once per step would pay that each time.
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
CONFIG_FILE = ROOT / "autograder" / "nbgrader_config.py"


def lessons() -> list[str]:
    """Lesson (nbgrader assignment) names, in course order."""
    return sorted(p.parent.name for p in SOLUTIONS.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def nbgrader_api(course_root: Path, **course_dirs):
    """An ``NbGraderAPI`` for the course config, rooted at ``course_root`` with its own gradebook.

    ``course_dirs`` override CourseDirectory folders, e.g. ``release_directory=path``.
    """
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    # nbgrader shells out to `alembic` when it opens a gradebook.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    config = PyFileConfigLoader(CONFIG_FILE.name, path=str(CONFIG_FILE.parent)).load_config()
    overrides = {"root": str(course_root), "db_url": f"sqlite:///{course_root / 'gradebook.db'}",
                 "source_directory": str(SOLUTIONS), **{k: str(v) for k, v in course_dirs.items()}}
    for key, value in overrides.items():
        setattr(config.CourseDirectory, key, value)
    return NbGraderAPI(config=config)


def _check(result: dict, what: str) -> None:
    if not result["success"]:
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('log', '')}\n{result.get('error', '')}")


def release(dest: Path = NOTEBOOKS) -> None:
    """Generate the student notebooks of every lesson from solutions/ into ``dest``."""
    with tempfile.TemporaryDirectory(prefix="release-") as work:
        api = nbgrader_api(Path(work), release_directory=Path(dest).resolve())
        for name in lessons():
            _check(api.generate_assignment(name, force=True), f"generate_assignment {name}")


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


@dataclass
class GradingRun:
    """What one grading run produced, in ``folder``."""

    folder: Path

    @property
    def grades_csv(self) -> Path:
        return self.folder / "grades.csv"

    def feedback_html(self, student: str, lesson: str) -> list[Path]:
        return sorted((self.folder / "feedback" / student / lesson).glob("*.html"))

    def totals(self) -> dict[tuple[str, str], float]:
        """(student, lesson) -> score, read from the grades CSV."""
        with open(self.grades_csv, newline="") as f:
            return {(row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(f)}

    def cell_scores(self, student: str, lesson: str) -> dict[str, float]:
        """Autograded test cell id -> score, read from the gradebook."""
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.folder / 'gradebook.db'}") as gb:
            submission = gb.find_submission(lesson, student)
            return {grade.name: grade.score for nb in submission.notebooks for grade in nb.grades
                    if grade.cell.cell_type == "code"}


def grade(submitted: Path, folder: Path) -> GradingRun:
    """Autograde ``submitted/{student}/{lesson}/*.ipynb`` in ``folder``; write feedback and grades.csv."""
    from nbgrader.plugins import CsvExportPlugin

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(submitted, folder / "submitted", dirs_exist_ok=True)
    api = nbgrader_api(folder, release_directory="release", submitted_directory="submitted",
                       autograded_directory="autograded", feedback_directory="feedback")
    present = {p.name for p in (folder / "submitted").glob("*/*") if p.is_dir()}
    for name in [n for n in lessons() if n in present]:
        # Records the lesson's cells, points and hidden tests in this run's gradebook.
        _check(api.generate_assignment(name, force=True), f"generate_assignment {name}")
        _check(api.autograde(name, "*", force=True), f"autograde {name}")
        _check(api.generate_feedback(name, "*", force=True), f"generate_feedback {name}")
    with api.gradebook as gb:
        CsvExportPlugin(to=str(folder / "grades.csv")).export(gb)
    return GradingRun(folder)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="regenerate the student notebooks from solutions/")
    rel.add_argument("--dest", type=Path, default=NOTEBOOKS)
    ex = sub.add_parser("execute", help="re-run reference notebooks and store their outputs")
    ex.add_argument("lessons", nargs="*")
    gr = sub.add_parser("grade", help="autograde a folder of submissions: {student}/{lesson}/*.ipynb")
    gr.add_argument("submitted", type=Path)
    gr.add_argument("--out", type=Path, default=ROOT / "autograder" / "graded")
    args = parser.parse_args(argv)
    if args.command == "release":
        release(args.dest)
        print(f"released {len(lessons())} lesson(s) into {args.dest}")
    elif args.command == "execute":
        execute(args.lessons)
    else:
        if not args.submitted.is_dir():
            parser.error(f"{args.submitted} is not a folder of submissions ({{student}}/{{lesson}}/*.ipynb)")
        run = grade(args.submitted.resolve(), args.out.resolve())
        print(f"grades: {run.grades_csv}\nfeedback: {run.folder / 'feedback'}")


if __name__ == "__main__":
    main()
