"""nbgrader settings for this course. Run nbgrader from this directory, or use
`python3 course.py grade ...`, which does that for you.

Layout: `solutions/<assignment>/<notebook>.ipynb` is the source (reference
solutions and hidden tests), `notebooks/<assignment>/` the release students
get. Assignments are named like the lesson folders (e.g. `01-noise-channels`).
"""

import os

ROOT = os.path.dirname(os.path.abspath(__file__))
GRADEBOOK_DIR = os.path.join(ROOT, ".nbgrader")  # never committed
os.makedirs(GRADEBOOK_DIR, exist_ok=True)

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "ml-fundamentals"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(GRADEBOOK_DIR, "gradebook.db")

# While autograding, lessons run in fast mode (nbgrader sets NBGRADER_EXECUTION,
# see helpers.settings). The slowest training cell takes a few seconds there;
# 120 s leaves room for slow machines and still stops an endless loop.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True
# How long to wait for a cell's output messages. nbclient's default (4 s) made
# whole submissions fail on a loaded machine.
c.Execute.iopub_timeout = 30

c.ClearSolutions.code_stub = {
    "python": '# YOUR CODE HERE\nraise NotImplementedError("not answered yet")',
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
