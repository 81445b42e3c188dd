"""Writes and business rules of the communes app, one module per topic."""
