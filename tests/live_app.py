"""The app with the test plugins, for a real server (``uvicorn tests.live_app:app --factory``)."""

from core.app import create_app
from core.settings import Settings
from tests.conftest import TEST_PLUGINS


def app():
    return create_app(Settings.from_env(), extra_plugins=TEST_PLUGINS)
