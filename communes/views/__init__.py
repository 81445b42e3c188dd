"""Pages of the communes app, one module per topic; thin: they call selectors and services."""
