"""`symgrad diff` and `symgrad walk` (filled in with the walkthrough)."""
