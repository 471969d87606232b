"""smteam: choose the people for a social media team on weighted rubrics, and show why."""

__version__ = "1.0.0"
