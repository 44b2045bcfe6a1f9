"""The student edition (scripts/student_edition.py): what students get, and nothing they must not.

Built into a temp folder, it must hold the released notebooks byte for byte, the helper package, binder/, the
environment, its README and Makefile, and no reference answer, hidden test, wrong answer, gradebook or instructor
folder. Its own `make lab` prints its URL and serves Validate; repo2docker reads its binder/ as the instructor's;
with a student repository set in course.toml (in a temp copy of this repository) every Binder link is the expected
one and opens a notebook the edition holds; publishing commits to a (bare, local) repository."""
from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from support import (assert_builds_python_3_11_from_binder_environment_yml, assert_runs_post_build_and_uses_start,
                     make_lab, repo2docker_dry_run)

ROOT = Path(__file__).resolve().parent.parent
BUILDER = "scripts/student_edition.py"
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
SHORT = 10  # lines shorter than this (`else:`, `pass`, `return job`) say nothing about an answer
SAMPLE = {"repository": "example-org/async-tornado-student", "branch": "main"}
BINDER = "https://mybinder.org/v2/gh/example-org/async-tornado-student/main?urlpath=lab/tree/"
# What the builder reads, for a temp copy of this repository.
SOURCES = ["scripts", "solutions", "notebooks", "student", "tornado_course", "binder", "course.toml",
           "environment.yml", "pyproject.toml", "constraints.txt", ".gitignore",
           "docs", "README.md"]  # scripts/navigation.py also writes the lessons' times into the last two
GIT_ID = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
          "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def build(out: Path, *args: str, root: Path = ROOT, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, str(root / BUILDER), "--out", str(out), *args], cwd=root,
                          capture_output=True, text=True, timeout=120, env={**os.environ, **GIT_ID})
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file())


def strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for item in obj:
            yield from strings(item)
    elif isinstance(obj, dict):
        for item in obj.values():
            yield from strings(item)


def lines(path: Path) -> set[str]:
    """Every line of a file, stripped; of a notebook, every line of every string in it (sources, outputs...)."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix == ".ipynb":
        text = "\n".join(strings(json.loads(text)))
    return {line.strip() for line in text.splitlines()}


def between(begin: str, end: str) -> set[str]:
    """The stripped lines between nbgrader's ``begin`` and ``end`` markers, in every cell of solutions/."""
    found = set()
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            inside = False
            for line in "".join(cell["source"]).splitlines():
                if end in line:
                    inside = False
                elif begin in line:
                    inside = True
                elif inside:
                    found.add(line.strip())
    return found


@pytest.fixture(scope="module")
def released() -> set[str]:
    """Every line students see anyway: the released notebooks' lines and the helper package's."""
    shown = [*(ROOT / "notebooks").rglob("*.ipynb"), *(ROOT / "tornado_course").rglob("*.py")]
    return set().union(*(lines(p) for p in shown))


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "student-edition"
    build(out)
    return out


@pytest.fixture(scope="module")
def edition_lines(edition) -> dict[Path, set[str]]:
    return {rel: lines(edition / rel) for rel in files(edition)}


def found_in(edition_lines: dict[Path, set[str]], wanted: set[str]) -> dict[str, list[str]]:
    return {line: [str(rel) for rel, seen in edition_lines.items() if line in seen]
            for line in wanted if any(line in seen for seen in edition_lines.values())}


# What it holds


def test_edition_holds_every_released_notebook_byte_for_byte(edition):
    released = files(ROOT / "notebooks")
    released = [p for p in released if ".ipynb_checkpoints" not in p.parts]
    assert released and [p for p in files(edition / "notebooks")] == released
    differ = [str(p) for p in released if not filecmp.cmp(ROOT / "notebooks" / p, edition / "notebooks" / p, False)]
    assert not differ, f"{differ} differ from the committed notebooks/"


def test_edition_holds_the_helper_package_binder_environment_readme_and_makefile(edition):
    for rel in ("tornado_course/__init__.py", "binder/environment.yml", "binder/postBuild", "binder/start",
                "environment.yml", "pyproject.toml", "constraints.txt", "README.md", "Makefile",
                "jupyter_config/nbgrader_config.py"):
        assert (edition / rel).is_file(), f"the edition has no {rel}"
    package = [p for p in files(ROOT / "tornado_course") if p.suffix == ".py"]
    assert package and all(filecmp.cmp(ROOT / "tornado_course" / p, edition / "tornado_course" / p, False)
                           for p in package)
    for rel in ("binder/environment.yml", "binder/postBuild", "environment.yml", "pyproject.toml", "constraints.txt"):
        assert filecmp.cmp(ROOT / rel, edition / rel, False), f"{rel} is not the instructor repository's"
    start = (edition / "binder" / "start").read_text()
    assert start.rstrip().endswith('exec "$@"') and "autograder" not in start
    assert os.access(edition / "binder" / "start", os.X_OK) and os.access(edition / "binder" / "postBuild", os.X_OK)
    assert filecmp.cmp(ROOT / "student" / "README.md", edition / "README.md", False)
    make_help = subprocess.run(["make", "--no-print-directory", "help"], cwd=edition, capture_output=True, text=True,
                               timeout=30)
    assert make_help.returncode == 0 and "make lab" in make_help.stdout and "make validate" in make_help.stdout


def test_edition_holds_no_instructor_folder_gradebook_or_nbgrader_marker(edition):
    for name in ("solutions", "tests", "autograder", "scripts", "student", "course.toml"):
        assert not (edition / name).exists(), f"the edition holds {name}"
    for rel in files(edition):
        assert rel.suffix != ".db", f"the edition holds a gradebook: {rel}"
        text = (edition / rel).read_bytes().decode("utf-8", errors="replace")
        leaked = [m for m in MARKERS if m in text]
        assert not leaked, f"{rel} holds {leaked}"


def test_edition_holds_no_line_of_any_hidden_test(edition_lines, released):
    hidden = {line for line in between("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
              if len(line) >= SHORT and line not in released}  # a line the visible tests share reveals nothing
    assert len(hidden) > 500, f"only {len(hidden)} hidden-test lines read from solutions/: is the scan broken?"
    leaked = found_in(edition_lines, hidden)
    assert not leaked, f"hidden-test lines in the edition: {leaked}"


def test_edition_holds_no_distinctive_line_of_a_reference_answer(edition_lines, released):
    answers = {line for line in between("BEGIN SOLUTION", "END SOLUTION") if len(line) >= SHORT and line not in released}
    assert len(answers) > 200, f"only {len(answers)} reference-answer lines read from solutions/: is the scan broken?"
    leaked = found_in(edition_lines, answers)
    assert not leaked, f"reference-answer lines in the edition: {leaked}"


def test_edition_holds_no_wrong_answer(edition, edition_lines, released):
    wrong = sorted((ROOT / "tests" / "wrong_answers").glob("*.py"))
    assert wrong
    names = {p.name for p in wrong}
    assert not [str(rel) for rel in files(edition) if rel.name in names or "wrong_answers" in rel.parts]
    contents = {p.read_bytes() for p in wrong}
    assert not [str(rel) for rel in files(edition) if (edition / rel).read_bytes() in contents]
    distinctive = set().union(*(lines(p) for p in wrong))
    distinctive = {line for line in distinctive if len(line) >= SHORT and line not in released}
    leaked = found_in(edition_lines, distinctive)
    assert not leaked, f"wrong-answer lines in the edition: {leaked}"


def test_validate_in_the_edition_uses_the_graders_cell_limit(edition):
    from autograder.settings import Settings
    from traitlets.config.loader import PyFileConfigLoader

    student = PyFileConfigLoader("nbgrader_config.py", path=str(edition / "jupyter_config")).load_config()
    grader = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / "autograder")).load_config()
    assert student.Execute.timeout == grader.Execute.timeout == Settings().cell_timeout


def test_builder_refuses_a_folder_that_is_not_an_edition(tmp_path):
    (tmp_path / "thesis.tex").write_text("mine")
    done = build(tmp_path, check=False)
    assert done.returncode != 0 and "thesis.tex" in done.stderr and (tmp_path / "thesis.tex").exists()
    done = build(ROOT / "notebooks", check=False)
    assert done.returncode != 0 and (ROOT / "notebooks" / "index.ipynb").exists()


# Its own `make lab`, and Binder


def preinstalled_venv(folder: Path) -> None:
    """A .venv that reaches this environment's packages through a .pth file (and its Jupyter data and config
    through links, as an install would put them there): the edition's `make lab` then runs its real recipe,
    pip installs the edition's helper package into this .venv, and nothing is downloaded but the build backend."""
    base = getattr(sys, "_base_executable", None) or sys.executable
    subprocess.run([base, "-m", "venv", "--without-pip", str(folder / ".venv")], check=True, timeout=60)
    site = folder / ".venv" / "lib" / "python3.11" / "site-packages"
    (site / "instructor-environment.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    for data in ("share/jupyter", "etc/jupyter"):
        (folder / ".venv" / data).parent.mkdir(parents=True, exist_ok=True)
        (folder / ".venv" / data).symlink_to(Path(sys.prefix) / data)


def build_backend(edition: Path, wheels: Path) -> None:
    """Fetch the edition's build backend (setuptools) once, so that its install runs with no index at all."""
    import tomllib

    requires = tomllib.loads((edition / "pyproject.toml").read_text())["build-system"]["requires"]
    done = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(wheels),
                           *requires], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.skip(f"no package index reachable for the build backend {requires}: {done.stderr[-500:]}")


def test_edition_make_lab_installs_prints_its_url_and_serves_validate(edition, tmp_path):
    copy = tmp_path / "student-edition"
    shutil.copytree(edition, copy, symlinks=True)
    preinstalled_venv(copy)
    build_backend(copy, tmp_path / "wheels")
    env = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(tmp_path / "wheels")}
    with make_lab(copy, env=env, timeout=150) as (base, token):
        def call(path: str, data: bytes | None = None) -> tuple[int, bytes]:
            request = urllib.request.Request(base + path, data=data, headers={"Authorization": f"token {token}"})
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:
                    return answer.status, answer.read()
            except urllib.error.HTTPError as error:
                return error.code, b""

        status, page = call("/lab/tree/notebooks/index.ipynb")
        assert status == 200
        disabled = json.loads(re.search(rb'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= set(
            disabled["disabledExtensions"]), "jupyter_config/ should switch off the instructor's nbgrader parts"
        assert "@jupyterlab/apputils-extension:announcements" in disabled["disabledExtensions"], (
            "JupyterLab's 'get notified about news' prompt should be off")
        assert call("/formgrader")[0] == 404
        # Validate, as the toolbar button calls it: the untouched lesson runs, and its exercises fail.
        status, body = call("/assignments/validate",
                            b"path=notebooks/00-tornado-in-jupyter/00-tornado-in-jupyter.ipynb")
        result = json.loads(body)
        assert status == 200 and result["success"], result
        assert len(result["value"]["failed"]) == 3, result["value"]
        assert "NotImplementedError" in json.dumps(result["value"]["failed"])
    # `make validate` runs the same Validator with the same settings (a real run takes 10 s: not here); a lesson
    # that does not exist is named with the ones that do.
    unknown = subprocess.run(["make", "--no-print-directory", "validate", "LESSON=00-nope"], cwd=copy,
                             capture_output=True, text=True, timeout=60)
    assert unknown.returncode == 2 and "00-tornado-in-jupyter 01-async-handlers" in unknown.stdout, unknown.stdout
    venv_tornado = subprocess.run([str(copy / ".venv" / "bin" / "python"), "-c",
                                   "import tornado_course; print(tornado_course.__file__)"],
                                  cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert venv_tornado.stdout.strip() == str(copy / "tornado_course" / "__init__.py"), venv_tornado.stderr
    ours = subprocess.run([sys.executable, "-c", "import tornado_course; print(tornado_course.__file__)"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert ours.stdout.strip() == str(ROOT / "tornado_course" / "__init__.py"), "the instructor's .venv was repointed"
    assert not list(copy.rglob("*.db")), "running the edition made a gradebook"


@pytest.fixture(scope="module")
def edition_dockerfile(edition):
    return repo2docker_dry_run(edition)


def test_edition_binder_builds_python_3_11_from_binder_environment_yml(edition_dockerfile):
    assert_builds_python_3_11_from_binder_environment_yml(edition_dockerfile)


def test_edition_binder_runs_post_build_and_uses_start(edition_dockerfile):
    assert_runs_post_build_and_uses_start(edition_dockerfile)


# Binder links from course.toml, and publishing


def binder_links(text: str) -> list[str]:
    return re.findall(r"\]\((https://mybinder\.org/v2/[^)\s]+)\)", text)


def source(cell: dict) -> str:
    return cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])


def notebook_text(path: Path) -> str:
    return "\n".join(source(c) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def test_the_instructor_readme_says_how_to_set_the_student_repository():
    text = (ROOT / "README.md").read_text()
    assert "course.toml" in text and "[student]" in text and "make navigation" in text


def test_no_binder_link_while_no_student_repository_is_set():
    import tomllib

    if tomllib.loads((ROOT / "course.toml").read_text())["student"]["repository"]:
        pytest.skip("course.toml names the student repository (navigation --check holds its links to it)")
    for path in [*(ROOT / "solutions").rglob("*.ipynb"), *(ROOT / "notebooks").rglob("*.ipynb"),
                 ROOT / "student" / "README.md", ROOT / "README.md"]:
        assert not binder_links(path.read_text(encoding="utf-8")), f"{path} has a Binder link"
    text = (ROOT / "student" / "README.md").read_text()
    assert "No Binder link yet" in text and "course.toml" in text and "make navigation" in text, (
        "the student README should say how to set the student repository")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A copy of this repository with SAMPLE as its student repository, navigation regenerated, committed."""
    root = tmp_path_factory.mktemp("published") / "course"
    root.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        else:
            shutil.copy2(source, root / name)
    config = (root / "course.toml").read_text()
    for key, value in SAMPLE.items():
        config = re.sub(rf'^{key} = ".*"$', f'{key} = "{value}"', config, count=1, flags=re.M)
    bare = root.parent / "student.git"
    config = re.sub(r'^remote = ".*"$', f'remote = "{bare}"', config, count=1, flags=re.M)
    (root / "course.toml").write_text(config)
    navigation = subprocess.run([sys.executable, "scripts/navigation.py"], cwd=root, capture_output=True, text=True,
                                timeout=120)
    assert navigation.returncode == 0, navigation.stderr
    # `make release` (18 s) would carry the new bars into notebooks/: only they changed, so copy them over.
    for lesson in sorted((root / "solutions").glob("*/*.ipynb")):
        bars = {c.id: c.source for c in nbformat.read(lesson, as_version=4).cells if c.id.startswith("navigation-")}
        target = root / "notebooks" / lesson.parent.name / lesson.name
        student_nb = nbformat.read(target, as_version=4)
        for cell in student_nb.cells:
            cell.source = bars.get(cell.id, cell.source)
        nbformat.write(student_nb, target)
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True, timeout=60)
    for command in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "-m", "course"]):
        subprocess.run(["git", *command], cwd=root, check=True, timeout=60, env={**os.environ, **GIT_ID})
    return root


@pytest.fixture(scope="module")
def published_edition(published) -> Path:
    out = published / "build" / "student-edition"
    build(out, root=published)
    return out


def test_every_binder_link_is_exact_and_opens_a_notebook_of_the_edition(published, published_edition):
    readme = (published_edition / "README.md").read_text()
    assert binder_links(readme) == [BINDER + "notebooks/index.ipynb"]
    assert "[![Binder](https://mybinder.org/badge_logo.svg)](" in readme and "No Binder link yet" not in readme
    index = notebook_text(published_edition / "notebooks" / "index.ipynb")
    assert binder_links(index) == [BINDER + "notebooks/index.ipynb"]
    lessons = sorted((published_edition / "notebooks").glob("*/*.ipynb"))
    assert len(lessons) == len(list((ROOT / "notebooks").glob("*/*.ipynb")))
    for edition_side, folder in ((published_edition / "notebooks", "notebooks"), (published / "solutions", "solutions")):
        for lesson in sorted(edition_side.glob("*/*.ipynb")):
            rel = lesson.relative_to(edition_side).as_posix()
            bars = [c for c in json.loads(lesson.read_text())["cells"] if "navigation" in c["metadata"].get("tags", [])]
            assert len(bars) == 2, f"{folder}/{rel}"
            for cell in bars:
                assert binder_links(source(cell)) == [BINDER + f"notebooks/{rel}"], f"{folder}/{rel}"
    for link in [*binder_links(readme), *binder_links(index)] + [
            link for lesson in lessons for link in binder_links(notebook_text(lesson))]:
        assert (published_edition / link.split("urlpath=lab/tree/", 1)[1]).is_file(), link
    # (The edition was built at all, so the navigation was up to date: the builder refuses stale navigation.)


def test_navigation_check_covers_the_student_readme(published):
    readme = published / "student" / "README.md"
    kept = readme.read_text()
    try:
        readme.write_text(kept.replace("example-org", "someone-else"))
        check = subprocess.run([sys.executable, "scripts/navigation.py", "--check"], cwd=published,
                               capture_output=True, text=True, timeout=120)
        assert check.returncode != 0 and "student/README.md" in check.stderr
        done = build(published / "build" / "stale", root=published, check=False)
        assert done.returncode != 0 and "make navigation" in done.stderr
    finally:
        readme.write_text(kept)


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60).stdout.strip()


def test_publishing_commits_on_top_of_the_branch_and_never_touches_the_work_tree(published, tmp_path):
    bare = published.parent / "student.git"  # course.toml's remote, in this copy
    out = tmp_path / "edition"
    status, head = git("status", "--porcelain", cwd=published), git("rev-parse", "HEAD", cwd=published)

    first = build(out, "--repo", str(bare), "--branch", "main", root=published)
    assert "committed" in first.stdout
    tip = git("--git-dir", str(bare), "rev-parse", "refs/heads/main")
    tracked = sorted(git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", tip).splitlines())
    assert tracked == sorted(p.as_posix() for p in files(out))
    assert git("--git-dir", str(bare), "log", "-1", "--format=%s", tip) == (
        "Student edition, built from the instructor repository at " + git("log", "-1", "--format=%h %s", cwd=published))

    again = build(out, "--push", root=published)  # course.toml's repository and branch: the same one
    assert "already holds" in again.stdout and git("--git-dir", str(bare), "rev-parse", "refs/heads/main") == tip

    helper = published / "tornado_course" / "client.py"
    kept = helper.read_text()
    try:
        helper.write_text(kept + "\n# changed\n")
        refused = build(out, "--push", root=published, check=False)
        assert refused.returncode != 0 and "uncommitted" in refused.stderr and "client.py" in refused.stderr
        build(out, "--push", "--allow-dirty", root=published)
    finally:
        helper.write_text(kept)
    second = git("--git-dir", str(bare), "rev-parse", "refs/heads/main")
    assert second != tip and git("--git-dir", str(bare), "rev-parse", f"{second}^") == tip
    assert git("--git-dir", str(bare), "show", f"{second}:tornado_course/client.py").endswith("# changed")

    build(out, "--commit", root=published)  # this repository's own branch student-edition
    names = git("ls-tree", "--name-only", "student-edition", cwd=published).splitlines()
    assert "notebooks" in names and "README.md" in names and "solutions" not in names
    assert git("status", "--porcelain", cwd=published) == status and git("rev-parse", "HEAD", cwd=published) == head


def test_push_without_a_student_repository_says_how_to_set_it(tmp_path):
    done = build(tmp_path / "edition", "--push", check=False)
    assert done.returncode != 0 and "course.toml" in done.stderr and 'repository = "owner/name"' in done.stderr
