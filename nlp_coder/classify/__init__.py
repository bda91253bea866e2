"""The optional intervention classifier (issue 6).

When a note names an exercise but not its intended outcome, the rules
abstain (finding ``OUTCOME_NOT_DOCUMENTED``). A scikit-learn model trained
on the corpus proposes a code there, with a probability; it never replaces a
rules decision and the finding always stays.

- ``features``: intervention facts + text -> model input (outcome words masked).
- ``data``: corpus records -> facts, rules results and aligned labels.
- ``train``: fit, choose the default threshold, save with skops.
- ``model``: load (skops allow-list) and ``InterventionClassifier.apply``.
- ``evaluate``: rules-only vs rules+classifier, risk-coverage table.
"""
