"""The profile's settings as screens read and write them, and the theme kept from one run to the next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import App

from trainer.study import SaveFailed, StudyService


def service_of(app: App) -> StudyService:
    """The study service of the trainer's app (every screen here runs inside ``TrainerApp``)."""
    service = getattr(app, "service", None)
    if not isinstance(service, StudyService):
        raise TypeError(f"{type(app).__name__} has no study service: the trainer's screens run in TrainerApp")
    return service


def read_settings(app: App) -> dict[str, Any]:
    """The profile's settings, through the study service."""
    return dict(service_of(app).settings())


def write_settings(app: App, settings: Mapping[str, Any]) -> None:
    """Save through the study service; raises ``SaveFailed`` with the store's one-line reason."""
    service_of(app).save_settings(dict(settings))


def remember_theme(app: App, owner: Any) -> None:
    """Apply the profile's saved theme, and save the theme the student picks (Ctrl+P) while ``owner`` lives."""
    saved = read_settings(app).get("theme")
    if isinstance(saved, str) and saved in app.available_themes and saved != app.theme:
        app.theme = saved

    def save(theme: Any) -> None:
        name = getattr(theme, "name", None)
        if not isinstance(name, str):
            return
        settings = read_settings(app)
        if settings.get("theme") != name:
            try:
                write_settings(app, {**settings, "theme": name})
            except SaveFailed as exc:  # the theme still changes for this run
                app.notify(str(exc), title="Theme not saved", severity="warning", markup=False)

    app.theme_changed_signal.subscribe(owner, save)
