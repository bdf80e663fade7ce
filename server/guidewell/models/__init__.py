"""Typed SQLAlchemy models, one module per aggregate."""

from .account import Account
from .activity import (
    AnswerDay,
    Assignment,
    Event,
    FlowDay,
    Progress,
    ProgressStatus,
    Response,
    StepDay,
    StepDuration,
)
from .enduser import Activity, EndUser, UserAlias
from .experiment import Experiment, ExperimentStatus
from .flow import Flow, FlowKind, FlowStatus, FlowVersion
from .project import Membership, Project, Role
from .segment import Segment

__all__ = [
    "Account",
    "Activity",
    "AnswerDay",
    "Assignment",
    "EndUser",
    "Event",
    "Experiment",
    "ExperimentStatus",
    "Flow",
    "FlowDay",
    "FlowKind",
    "FlowStatus",
    "FlowVersion",
    "Membership",
    "Progress",
    "ProgressStatus",
    "Project",
    "Response",
    "Role",
    "Segment",
    "StepDay",
    "StepDuration",
    "UserAlias",
]
