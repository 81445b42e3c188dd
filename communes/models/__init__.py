"""Models of the communes app, one module per topic."""

from .activity import (
    ActivityRecord,
    FacilityCheck,
    FacilityCheckItem,
    FacilityPhoto,
    FollowUpTask,
    InspectionVisit,
    SuggestionBoxOpening,
)
from .activity_import import ActivityImport
from .calendar import CalendarDay, CalendarYear
from .conduct import CodeItem, CodeOfConduct, Pledge, StaffMember
from .criteria import AssessmentScore, CriteriaGroup, CriteriaSet, Criterion, EvidenceFile, SelfAssessment
from .legal import LegalReference
from .programmes import Enrolment, Programme, ProgrammeDocument, SteeringMember
from .slips import ApologySlip
from .units import AdminUnit, UnitSearchEntry, User, fold

__all__ = [
    "ActivityImport",
    "ActivityRecord",
    "AdminUnit",
    "ApologySlip",
    "AssessmentScore",
    "CalendarDay",
    "CalendarYear",
    "CodeItem",
    "CodeOfConduct",
    "CriteriaGroup",
    "CriteriaSet",
    "Criterion",
    "Enrolment",
    "EvidenceFile",
    "FacilityCheck",
    "FacilityCheckItem",
    "FacilityPhoto",
    "FollowUpTask",
    "InspectionVisit",
    "LegalReference",
    "Pledge",
    "Programme",
    "ProgrammeDocument",
    "SelfAssessment",
    "StaffMember",
    "SteeringMember",
    "SuggestionBoxOpening",
    "UnitSearchEntry",
    "User",
    "fold",
]
