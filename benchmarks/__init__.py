"""Benchmarks: seeding, serving and load scripts behind `make bench` (not run by CI)."""
