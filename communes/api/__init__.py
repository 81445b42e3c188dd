"""REST API of the communes app under /api/v1/, one module per topic; routes in routes.py."""
