"""Piccolo's configuration module (``PICCOLO_CONF``): the engine and apps of this process.

Both come from the HEAOLU_* environment, the same way the app factory builds them, so that
Piccolo's own tools (``piccolo migrations new <app> --auto``) see what ``heaolu`` sees.
"""

from piccolo.conf.apps import AppRegistry

from core.db import engine_for
from core.plugins import build_plugins
from core.settings import Settings

_settings = Settings.from_env()

DB = engine_for(_settings)
APP_REGISTRY = AppRegistry(apps=build_plugins(_settings).piccolo_app_modules)
