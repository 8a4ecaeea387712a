"""The teacher's and maintainer's tools: the `lesson-utils` command, the teacher's side of the quizzes
(`teacher/`) and publishing (`publish/`: the website and the JupyterLite build).

Nothing here runs in a student's kernel: the student copy and the JupyterLite wheel leave this
package out, and the lessons import only `lesson_utils`. Settings are in `config.py`.
"""
