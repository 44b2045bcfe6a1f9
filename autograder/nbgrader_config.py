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

# How `make grade` reads an LMS download (a flat zip of notebooks), as `nbgrader zip_collect` does: the student
# (and, if the LMS puts one in the name, the submission time) from each file's name. This is Canvas's
# "Download Submissions" naming, login_[LATE_]userid_submissionid_filename; for another LMS, write its pattern
# with the named groups student_id and file_id (and timestamp, if the name has one).
c.FileNameCollectorPlugin.named_regexp = r"(?P<student_id>[A-Za-z0-9][A-Za-z0-9.@+-]*)_(?:LATE_|late_)?\d+_\d+_(?P<file_id>.+)"
