"""The case engine: noticing, stages, handovers, timeline, action plans and reports."""
