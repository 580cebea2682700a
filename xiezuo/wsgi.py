"""WSGI entry point, served by gunicorn (`make run`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
application = get_wsgi_application()

# The cyclic garbage collector runs a young-generation pass every 700 new container
# objects by default, and an answer of 20,000 analytics cells makes some 200,000 that live
# until it is written: hundreds of passes, some of them over every object the worker
# holds. At 50,000 it runs a few times an answer. Measured in-process on a province's
# 21,960 cells (bench/large_answers.py, Sichuan, SQLite, through Django's test client;
# docs/analytics-benchmark.md): 183–197 ms by default, 117–119 ms with this module imported.
# What an answer makes is freed by reference counting as before; only cycles wait longer.
# A large import raises the thresholds further while it runs (indicators/imports/tuning.py)
# and puts these back.
GC_THRESHOLD = (50_000, 20, 100)
gc.set_threshold(*GC_THRESHOLD)
