"""Shared factories and fixtures of the criteria-set and self-assessment tests."""
