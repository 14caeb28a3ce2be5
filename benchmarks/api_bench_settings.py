"""Settings of the API throughput benchmark's server (api_throughput.py): the project's own
settings, with a URLconf that adds the bare endpoint. Only the benchmark uses this module."""

from utilicase.config.settings import *  # noqa: F403

ROOT_URLCONF = "api_bench_urls"
