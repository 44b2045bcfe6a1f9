"""The feedback preprocessor removes hidden tests, and whatever quotes them, and keeps the rest; the instructor's
switch keeps nbgrader's full feedback. (Every lesson's real feedback is checked in test_grading.py.)"""
import nbformat

from autograder.feedback import HIDDEN_NOTE, WITHHELD, WithoutHiddenTests, feedback_config

TEST = '''assert add(1, 2) == 3, "add(1, 2) should be 3"
### BEGIN HIDDEN TESTS
assert add(-1, -2) == -3, f"add(-1, -2) gave {add(-1, -2)}"
### END HIDDEN TESTS'''


def graded_notebook():
    test = nbformat.v4.new_code_cell(TEST, metadata={"nbgrader": {"grade": True, "solution": False,
                                                                  "grade_id": "test-add", "points": 1}})
    test.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="add(-1, -2) gave -4",
                                           traceback=["---", 'assert add(-1, -2) == -3, f"add(-1, -2) gave ..."'])]
    student = nbformat.v4.new_code_cell("def add(a, b):\n    return a + b - 1 if a < 0 else a + b")
    student.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                              text='seen: assert add(-1, -2) == -3, f"add(-1, -2) gave {add(-1, -2)}"\n')]
    return nbformat.v4.new_notebook(cells=[student, test])


def test_hidden_tests_and_their_quotes_are_removed_and_the_message_kept():
    nb, _ = WithoutHiddenTests()(graded_notebook(), {})  # as nbconvert calls it: only if enabled
    student, test = nb.cells
    assert "add(-1, -2) == -3" not in test.source and HIDDEN_NOTE in test.source
    assert 'assert add(1, 2) == 3, "add(1, 2) should be 3"' in test.source, "the visible test stays"
    [error] = test.outputs
    assert error.traceback == ["AssertionError: add(-1, -2) gave -4"], "the message stays, the quoted line goes"
    assert student.outputs[0].text == WITHHELD + "\n", "an output quoting a hidden test is withheld"


def test_the_instructor_switch_keeps_nbgraders_full_feedback():
    assert WithoutHiddenTests in feedback_config(False).GenerateFeedback.preprocessors
    assert "preprocessors" not in feedback_config(True).GenerateFeedback
