"""Set-up for every test the suite collects (tests/, and the doctests of README.md, docs/ and
examples/)."""

from tests.trusted_models import every_trusted_model_is_validated

__all__ = ["every_trusted_model_is_validated"]
