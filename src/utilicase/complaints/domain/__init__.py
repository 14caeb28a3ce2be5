"""The pure core of complaints: the transition table with its guards, and the KPI arithmetic."""
