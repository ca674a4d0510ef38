"""The web layer, one module an area: library (public), accounts, journal (private)."""
