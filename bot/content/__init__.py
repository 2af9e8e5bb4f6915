"""Content: the vetted answers, their sources, and the checks that guard them."""
