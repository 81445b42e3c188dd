"""REST API of the dialogues app, one module per topic; routes in routes.py."""
