"""Lesson utilities for the Paris summit lessons: data, figures, maps and quizzes.

Importing the package is cheap on purpose: submodules (`data`, `figures`, `quiz`, ...) are
imported by the lessons that need them, so opening a notebook does not pay for plotly.
"""

__version__ = "0.1.0"
