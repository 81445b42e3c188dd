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
from .conduct import CodeItem, CodeOfConduct, Pledge, StaffMember
from .criteria import AssessmentScore, CriteriaGroup, CriteriaSet, Criterion, EvidenceFile, SelfAssessment
from .programmes import Enrolment, Programme, ProgrammeDocument, SteeringMember
from .units import AdminUnit, UnitSearchEntry, User, fold

__all__ = [
    "ActivityImport",
    "ActivityRecord",
    "AdminUnit",
    "AssessmentScore",
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
