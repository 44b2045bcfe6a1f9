"""The coordinator's ceiling simulation (autograder/ceiling.py) records its units as a real run would, in SQLite and
in PostgreSQL; how fast is measured by `python -m autograder.ceiling`, never asserted here."""
import json

import pytest

from autograder.ceiling import simulate
from autograder.grading import sqlalchemy_url
from support import gradebook_database

LESSONS = ["00-tornado-in-jupyter", "03-http-client"]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_every_simulated_unit_is_recorded_with_its_scores(tmp_path, engine):
    from nbgrader.api import Gradebook

    db_url = sqlalchemy_url(gradebook_database()) if engine == "postgresql" else None
    count, seconds = simulate(tmp_path / "out", 6, LESSONS, db_url)
    assert count == 12 and seconds > 0
    rows = [json.loads(line) for line in (tmp_path / "out" / "progress.jsonl").read_text().splitlines()]
    assert len(rows) == 12
    with Gradebook(db_url or f"sqlite:///{tmp_path / 'out' / 'gradebook.db'}") as gb:
        for lesson in LESSONS:
            cells = len(gb.find_notebook(lesson, lesson).grade_cells)
            scores = {s.student.id: s.score for s in gb.find_assignment(lesson).submissions}
            assert {s: v for s, v in scores.items() if s.startswith("student")} == {
                f"student{i:05d}": float(cells) for i in range(6)}
