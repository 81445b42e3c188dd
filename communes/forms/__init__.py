"""Forms of the communes app, one module per topic."""
