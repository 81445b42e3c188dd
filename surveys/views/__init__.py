"""Views of the surveys app: public pages for citizens (public.py), the desk's tools (desk.py),
results (results.py) and template authoring (templates.py)."""
