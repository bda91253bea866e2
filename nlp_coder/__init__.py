"""nlp_coder: therapy notes to CPT codes, units, modifiers and findings."""

__version__ = "0.1.0"
