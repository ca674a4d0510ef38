"""The benchmark: `make bench` runs bench/run.py (docs/performance.md)."""
