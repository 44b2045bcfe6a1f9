"""Build the student edition: the course as students get it, with no answer and no hidden test.

    python scripts/student_edition.py [--out DIR]     # build into build/student-edition (`make student-edition`)
    python scripts/student_edition.py --commit        # build, then commit it to this repository's branch
                                                      #   `student-edition` (its own history; never checked out)
    python scripts/student_edition.py --repo PATH_OR_URL [--branch B]
                                                      # build, then commit it to branch B (course.toml's) there
    python scripts/student_edition.py --push          # build, then commit it to the student repository named
                                                      #   in course.toml ([student] repository, branch) and push

The edition is
- copies of what this repository releases: notebooks/ (as committed: nbgrader
  generates it from solutions/), the helper package tornado_course/, the
  environment (environment.yml, pyproject.toml, constraints.txt) and
  binder/environment.yml and binder/postBuild;
- the student's own files, kept in student/ with the edition's layout (each file
  lands at the same path in the edition): README.md, Makefile, .gitignore,
  binder/start and jupyter_config/ (nbgrader's student settings for Validate).

Nothing else: no solutions/, tests/, autograder/ or gradebook. The build fails
if navigation (the Binder badge and links, `make navigation`) is out of date,
and if any file of the edition holds an nbgrader solution or hidden-test marker.
A commit goes on top of what the target branch holds, and is made in a scratch
repository: this repository's working tree and index are never touched.
Committing refuses uncommitted changes to what the edition copies (it would
publish what no commit holds) unless --allow-dirty.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from course_config import HOW_TO_SET, student  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STUDENT = ROOT / "student"
DEFAULT_OUT = ROOT / "build" / "student-edition"
LOCAL_BRANCH = "student-edition"
# Copied from this repository, at the same path in the edition.
COPIES = ["notebooks", "tornado_course", "binder/environment.yml", "binder/postBuild",
          "environment.yml", "pyproject.toml", "constraints.txt"]
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info", "*.db")
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
NEVER = ("solutions", "tests", "autograder")


def student_files() -> list[Path]:
    """student/'s files, as paths relative to student/ (= their paths in the edition)."""
    return sorted(p.relative_to(STUDENT) for p in STUDENT.rglob("*")
                  if p.is_file() and not any(part in ("__pycache__", ".ipynb_checkpoints") for part in p.parts))


def top_level() -> set[str]:
    """The names at the top of an edition."""
    return {Path(c).parts[0] for c in COPIES} | {p.parts[0] for p in student_files()}


def check_navigation() -> None:
    import navigation

    stale = [str(p.relative_to(ROOT)) for p, text in navigation.planned().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    if stale:
        sys.exit(f"navigation is out of date in {stale} (course.toml and the lessons disagree with it): "
                 "run `make navigation`, then `make release`")


def check_out(out: Path) -> Path:
    """``out``, resolved, if it may be emptied: a new or empty folder, or a previous edition, outside this
    repository or under build/."""
    out = out.resolve()
    if out == ROOT or out in ROOT.parents or (out.is_relative_to(ROOT) and not out.is_relative_to(ROOT / "build")):
        sys.exit(f"{out}: build the edition outside this repository, or under build/")
    if out.exists():
        names = {p.name for p in out.iterdir()}
        if names - top_level():
            sys.exit(f"{out} holds {sorted(names - top_level())}, which a student edition does not: "
                     "choose an empty or new folder")
    return out


def check_leaks(out: Path) -> None:
    """Refuse an edition holding a folder students must not get, a gradebook, or an nbgrader marker."""
    for path in sorted(out.rglob("*")):
        rel = path.relative_to(out)
        if rel.parts[0] in NEVER or path.suffix == ".db" or path.is_symlink():
            sys.exit(f"the edition must not hold {rel}")
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            leaked = [m for m in MARKERS if m in text]
            if leaked:
                sys.exit(f"{rel} holds {leaked}: a reference answer or hidden test would reach students")


def build(out: Path) -> Path:
    out = check_out(out)
    check_navigation()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in COPIES:
        source, target = ROOT / name, out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=SKIP)
        else:
            shutil.copy2(source, target)
    for rel in student_files():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(STUDENT / rel, out / rel)
    check_leaks(out)
    return out


def git(*args: str, cwd: Path = ROOT, env: dict | None = None, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)
    if check and done.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed:\n{done.stderr.strip()}")
    return done.stdout.strip()


def uncommitted() -> list[str]:
    """What the edition copies and no commit holds (empty outside a git work tree)."""
    if git("rev-parse", "--is-inside-work-tree", check=False) != "true":
        return []
    return git("status", "--porcelain", "--", *COPIES, "student", "course.toml").splitlines()


def message() -> str:
    if git("rev-parse", "--is-inside-work-tree", check=False) != "true":
        return "Student edition"
    head = git("log", "-1", "--format=%h %s")
    dirty = " (with uncommitted changes)" if uncommitted() else ""
    return f"Student edition, built from the instructor repository at {head}{dirty}"


def commit(out: Path, target: str, branch: str, text: str) -> str:
    """Commit the edition in ``out`` as the next commit of ``branch`` in the repository ``target`` (a path or
    URL) and push it there. A new branch starts with this commit. Returns the commit's id."""
    with tempfile.TemporaryDirectory(prefix="student-edition-git-") as scratch:
        git("init", "--quiet", scratch)
        env = {**os.environ, "GIT_DIR": str(Path(scratch) / ".git"), "GIT_WORK_TREE": str(out)}
        heads = git("ls-remote", "--heads", target, f"refs/heads/{branch}", env=env)
        parent = heads.split()[0] if heads else None
        if parent:
            git("fetch", "--quiet", target, f"refs/heads/{branch}", env=env)
        git("add", "--all", ".", cwd=out, env=env)
        tree = git("write-tree", env=env)
        if parent and git("rev-parse", f"{parent}^{{tree}}", env=env) == tree:
            print(f"{target} {branch} already holds this edition ({parent[:12]})")
            return parent
        sha = git("commit-tree", tree, *(["-p", parent] if parent else []), "-m", text, env=env)
        git("push", "--quiet", target, f"{sha}:refs/heads/{branch}", env=env)
        print(f"committed {sha[:12]} to {target} {branch}")
        return sha


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="scripts/student_edition.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to build (default build/student-edition)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--commit", action="store_true", help=f"commit to this repository's branch {LOCAL_BRANCH}")
    where.add_argument("--repo", help="commit to a branch of that repository (a path or URL)")
    where.add_argument("--push", action="store_true", help="commit and push to the student repository (course.toml)")
    parser.add_argument("--branch", help="the branch to commit to (default: course.toml's, or "
                                         f"{LOCAL_BRANCH} with --commit)")
    parser.add_argument("--allow-dirty", action="store_true", help="commit even with uncommitted changes to its sources")
    args = parser.parse_args(argv)

    settings = student()
    if args.push and not settings.published:
        sys.exit(f"course.toml names no student repository to push to: {HOW_TO_SET}")
    publishing = args.commit or args.repo or args.push
    if publishing and not args.allow_dirty and uncommitted():
        sys.exit("uncommitted changes to what the edition copies (commit them, or --allow-dirty):\n"
                 + "\n".join(uncommitted()))
    out = build(args.out)
    print(f"built the student edition in {out}")
    if args.commit:
        commit(out, str(ROOT), args.branch or LOCAL_BRANCH, message())
    elif args.repo:
        commit(out, args.repo, args.branch or settings.branch, message())
    elif args.push:
        commit(out, settings.remote, args.branch or settings.branch, message())


if __name__ == "__main__":
    main()
