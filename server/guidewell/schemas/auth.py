from __future__ import annotations

import marshmallow as ma

from .common import StrictSchema


class LoginSchema(StrictSchema):
    email = ma.fields.String(required=True, validate=ma.validate.Length(min=3, max=254))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1024))


class AccountSchema(ma.Schema):
    id = ma.fields.Integer()
    email = ma.fields.String()
    name = ma.fields.String()
    created_at = ma.fields.DateTime()


class MyProjectSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    role = ma.fields.String()


class SessionSchema(ma.Schema):
    account = ma.fields.Nested(AccountSchema)
    csrf_token = ma.fields.String(metadata={"description": "Send as X-CSRF-Token on writes."})
    projects = ma.fields.List(ma.fields.Nested(MyProjectSchema))


class AcceptInviteSchema(StrictSchema):
    token = ma.fields.String(required=True, validate=ma.validate.Length(min=10, max=2000))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=8, max=1024))
    name = ma.fields.String(load_default="", validate=ma.validate.Length(max=120))
