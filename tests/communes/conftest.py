"""Fixtures shared by the communes tests: factories of codes of conduct, staff and pledges, and the
criteria fixtures (Hưng Hà's programme with its published criteria set)."""

from pytest_factoryboy import register

from .conduct.factories import CodeOfConductFactory, PledgeFactory, StaffMemberFactory
from .criteria.factories import CriteriaGroupFactory, CriteriaSetFactory, CriterionFactory
from .criteria.fixtures import (  # noqa: F401 - fixtures, found by pytest in this module
    assessment,
    criteria_set,
    draft_set,
    hung_ha_programme,
    submitted,
    thai_hung,
)

register(CodeOfConductFactory)
register(StaffMemberFactory)
register(PledgeFactory)
# `criteria_set` is the published set of the fixtures; the bare model fixtures get other names.
register(CriteriaSetFactory, "bare_criteria_set")
register(CriteriaGroupFactory, "bare_criteria_group")
register(CriterionFactory, "bare_criterion")
