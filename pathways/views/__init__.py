"""Thin function views, one module per feature: pages (start, accessibility), flow (the questions).

Other features (the map, the API) live in their own modules here and are imported by urls.py.
"""

from .flow import check_answers, questions, start_over, step
from .pages import accessibility, start

__all__ = ["accessibility", "check_answers", "questions", "start", "start_over", "step"]
