"""Screens of the study UI: home, review, summary, help and settings."""
