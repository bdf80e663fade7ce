"""Typed SQLAlchemy models, one module per aggregate."""

from .account import Account
from .project import Membership, Project, Role

__all__ = ["Account", "Membership", "Project", "Role"]
