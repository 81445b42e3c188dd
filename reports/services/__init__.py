"""Writes of the reports app, one module per topic: reviews and their builds, awards."""
