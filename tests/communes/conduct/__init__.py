"""Helpers of the tests of codes of conduct, the staff register and pledges."""
