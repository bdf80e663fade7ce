"""Typed SQLAlchemy models, one module per aggregate."""

from .account import Account
from .experiment import Experiment, ExperimentStatus
from .flow import Flow, FlowKind, FlowStatus, FlowVersion
from .project import Membership, Project, Role
from .segment import Segment

__all__ = [
    "Account",
    "Experiment",
    "ExperimentStatus",
    "Flow",
    "FlowKind",
    "FlowStatus",
    "FlowVersion",
    "Membership",
    "Project",
    "Role",
    "Segment",
]
