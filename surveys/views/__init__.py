"""Views of the surveys app: public pages for citizens (public.py), the desk's tools (desk.py),
results (results.py), template authoring (templates.py) and the list of administrative procedures
(procedures.py)."""
