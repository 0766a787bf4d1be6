"""The app for a real server (``uvicorn tests.live_app:app --factory``): with the test plugins,
or as `heaolu serve` runs it (``installed``), for the demo database."""

from core.app import create_app
from core.settings import Settings
from tests.conftest import TEST_PLUGINS


def app():
    return create_app(Settings.from_env(), extra_plugins=TEST_PLUGINS)


def installed():
    return create_app(Settings.from_env())
