"""Settings for bench/throughput.py only: the app's own settings plus the floor views' URLs."""

from voroc.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
