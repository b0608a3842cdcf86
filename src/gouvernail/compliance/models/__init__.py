from gouvernail.compliance.models.assessments import Assessment, EvidenceBinding, MeasureAssessment
from gouvernail.compliance.models.frameworks import Framework, FrameworkVersion, Measure, Theme
from gouvernail.compliance.models.incidents import IncidentClock, SecurityIncident
from gouvernail.compliance.models.nis2 import Nis2Profile

__all__ = (
    "Assessment",
    "EvidenceBinding",
    "Framework",
    "FrameworkVersion",
    "IncidentClock",
    "MeasureAssessment",
    "Measure",
    "Nis2Profile",
    "SecurityIncident",
    "Theme",
)
