"""The pure core of whistleblower reports: states and transitions with their guards, claim
codes, attachment checks and the reply KPIs. No Django here."""
