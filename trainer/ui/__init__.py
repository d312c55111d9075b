"""The Textual study UI: the only package that imports textual."""
