"""nbgrader configuration for the course.

nbgrader finds this file through JUPYTER_CONFIG_PATH=autograder (the Makefile,
binder/start and autograder/pipeline.py set it). The reference notebooks in
solutions/ are nbgrader's source folder and the student notebooks in notebooks/
its release folder, both with nbgrader's {folder}/{assignment}/{notebook}.ipynb
layout; submissions, grades and feedback live under autograder/ (not committed).
"""
import os

course_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.CourseDirectory.course_id = "async-tornado"
c.CourseDirectory.root = course_root
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.submitted_directory = "autograder/submitted"
c.CourseDirectory.autograded_directory = "autograder/autograded"
c.CourseDirectory.feedback_directory = "autograder/feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(course_root, "autograder", "gradebook.db")

# A cell that runs longer than this is interrupted and its test gets no points;
# lesson cells and tests finish in a few seconds.
c.Execute.timeout = 60
