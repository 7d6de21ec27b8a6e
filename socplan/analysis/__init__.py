"""Analyses of a planning process: demography, social exclusion, service coverage,
needs surveys, SWOT and the findings that the plan answers (issues 11 and 12)."""
