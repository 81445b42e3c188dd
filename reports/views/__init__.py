"""Pages of the reports app, one module per topic: reviews, awards, the province dashboard."""
