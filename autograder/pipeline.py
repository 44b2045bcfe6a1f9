"""Release and grade the course with nbgrader's own commands.

    python -m autograder.pipeline release            # solutions/ -> notebooks/
    python -m autograder.pipeline grade SUBMITTED    # SUBMITTED/{student}/{lesson}/*.ipynb

Every nbgrader run gets an explicit course root and gradebook, so a release or
a grading run in a temporary folder never touches the course's own gradebook.
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"
CONFIG_DIR = ROOT / "autograder"


def lessons() -> list[str]:
    """Lesson (nbgrader assignment) names, in course order."""
    return sorted(p.parent.name for p in SOLUTIONS.glob("*/*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def nbgrader(*args: str, course_root: Path, timeout: float = 900, **course_dirs: Path) -> str:
    """Run ``nbgrader ARGS`` on a course rooted at ``course_root``; return its output.

    ``course_dirs`` override CourseDirectory folders, e.g. ``release_directory=path``.
    The gradebook is ``course_root/gradebook.db``.
    """
    bin_dir = str(Path(sys.executable).parent)
    env = dict(os.environ, JUPYTER_CONFIG_PATH=str(CONFIG_DIR))
    # nbgrader shells out to `alembic` when it opens a gradebook.
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    options = {"root": course_root, "db_url": f"sqlite:///{course_root / 'gradebook.db'}",
               "source_directory": SOLUTIONS, **course_dirs}
    command = [sys.executable, "-m", "nbgrader", *args,
               *(f"--CourseDirectory.{key}={value}" for key, value in options.items())]
    done = subprocess.run(command, cwd=course_root, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"`nbgrader {' '.join(args)}` failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


def release(dest: Path = NOTEBOOKS, names: list[str] | None = None) -> None:
    """Generate the student notebooks of every lesson from solutions/ into ``dest``."""
    with tempfile.TemporaryDirectory(prefix="release-") as work:
        for name in names or lessons():
            nbgrader("generate_assignment", name, "--force", course_root=Path(work),
                     release_directory=Path(dest).resolve())


@dataclass
class GradingRun:
    """What one grading run produced."""

    folder: Path

    @property
    def grades_csv(self) -> Path:
        return self.folder / "grades.csv"

    def feedback_html(self, student: str, lesson: str) -> list[Path]:
        return sorted((self.folder / "feedback" / student / lesson).glob("*.html"))

    def totals(self) -> dict[tuple[str, str], float]:
        """(student, lesson) -> score, from the grades CSV."""
        with open(self.grades_csv, newline="") as f:
            return {(row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(f)}

    def cell_scores(self, student: str, lesson: str) -> dict[str, float]:
        """Autograded test cell id -> score, from the gradebook."""
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.folder / 'gradebook.db'}") as gb:
            submission = gb.find_submission(lesson, student)
            return {grade.name: grade.score for nb in submission.notebooks for grade in nb.grades
                    if grade.cell.cell_type == "code"}


def grade(submitted: Path, folder: Path, names: list[str] | None = None) -> GradingRun:
    """Autograde ``submitted/{student}/{lesson}/*.ipynb`` in ``folder``; write feedback and grades.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(submitted, folder / "submitted", dirs_exist_ok=True)
    present = {p.name for p in (folder / "submitted").glob("*/*") if p.is_dir()}
    for name in [n for n in (names or lessons()) if n in present]:
        # Records the lesson's cells, points and hidden tests in this run's gradebook.
        nbgrader("generate_assignment", name, "--force", course_root=folder)
        nbgrader("autograde", name, "--force", course_root=folder)
        nbgrader("generate_feedback", name, "--force", course_root=folder)
    nbgrader("export", f"--CsvExportPlugin.to={folder / 'grades.csv'}", course_root=folder)
    return GradingRun(folder)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m autograder.pipeline", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("release", help="regenerate the student notebooks from solutions/")
    rel.add_argument("--dest", type=Path, default=NOTEBOOKS)
    gr = sub.add_parser("grade", help="autograde a submitted/ tree")
    gr.add_argument("submitted", type=Path)
    gr.add_argument("--out", type=Path, default=CONFIG_DIR / "graded")
    args = parser.parse_args(argv)
    if args.command == "release":
        release(args.dest)
        print(f"released {len(lessons())} lessons into {args.dest}")
    else:
        if not args.submitted.is_dir():
            parser.error(f"{args.submitted} is not a folder of submissions ({{student}}/{{lesson}}/*.ipynb)")
        run = grade(args.submitted, args.out.resolve())
        print(f"grades: {run.grades_csv}\nfeedback: {run.folder / 'feedback'}")


if __name__ == "__main__":
    main()
