"""The fee calculator's pure rules: rule sets as data versioned by effective date, and the
calculations of back-billing and violation fees that show their working (no Django)."""
