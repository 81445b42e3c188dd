"""django-filter sets of the communes app, one module per topic, shared by pages and API."""
