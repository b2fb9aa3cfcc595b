"""Demo data for a local run (`manage.py seed_demo`, `make run`).

It sits above the registry, so it may import it; nothing imports it.
"""
