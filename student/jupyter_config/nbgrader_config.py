"""nbgrader's settings for students: what the Validate button and `make validate` use.

Validate runs the whole notebook in a fresh kernel and reports every test that
fails, as the grader will. The grader gives a cell 60 s; nbgrader's own default
is 30 s, so without this a slow but correct cell would fail Validate and pass
grading. (The instructor's tests check that this matches the grader.)
"""
c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.Execute.timeout = 60
