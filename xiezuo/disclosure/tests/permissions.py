"""Permission-matrix entries for the public disclosure: pages that only read, open to all
(what they may show is tested by test_public.py)."""

READ_ONLY_PAGES = {"disclosure", "disclosure_project"}
