"""The blueprint every /api/v1 resource uses: flask-smorest with our argument parser."""

from __future__ import annotations

import flask_smorest

from ..errors import GuidewellParser


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = GuidewellParser()
