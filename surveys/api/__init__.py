"""REST API of the surveys app, one module per topic; routes in routes.py."""
