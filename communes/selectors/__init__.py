"""Reads and aggregates of the communes app, one module per topic. Pages, the API and reports
call these, always with the user, so that scope is applied in one place."""
