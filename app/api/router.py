"""All routes of the bridge in one router."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.routes import health, whmcs

api_router = APIRouter()
api_router.include_router(whmcs.router)
api_router.include_router(health.router)
