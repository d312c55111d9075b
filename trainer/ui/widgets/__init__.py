"""Widgets the study screens are built from."""
