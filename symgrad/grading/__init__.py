"""Grading answers to the exercise bank: equivalence, feedback, batches, exporters."""
