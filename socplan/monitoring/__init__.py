"""Yearly monitoring of the plan, indicator values, reports and the final evaluation
(issue 14)."""
