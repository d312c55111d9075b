"""Moving decks and results in and out: CSV/TSV and Anki text import, Anki and CSV export, progress exports."""
