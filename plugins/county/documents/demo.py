"""The demo's county template (sample content): published by the county coordinator, version 1
adopted by Tartu linn."""

from __future__ import annotations

import json

from core.api import (
    DemoContext,
    check_county_upload,
    publish_county_upload,
    set_form_enabled,
    uploaded_keys,
)

SAMPLE_KEY = "local.county_referral"
SAMPLE = {
    "key": SAMPLE_KEY,
    "title": {"et": "Näidis: maakonna ühtne pöördumine", "en": "Sample: the county's referral"},
    "fields": [
        {
            "key": "need",
            "type": "long_text",
            "label": {"et": "Mida on vaja", "en": "What is needed"},
            "required": True,
        },
        {
            "key": "agreed",
            "type": "yes_no",
            "label": {"et": "Lapsevanem teab?", "en": "Parent knows?"},
        },
    ],
}


async def seed(ctx: DemoContext) -> None:
    if SAMPLE_KEY in await uploaded_keys(None):
        return
    checked = await check_county_upload(json.dumps(SAMPLE))
    published = await publish_county_upload(checked, ctx.users["county.coordinator"])
    tartu = ctx.municipalities.get("Tartu linn")
    if published is not None and tartu is not None:
        await set_form_enabled(ctx.plugins, SAMPLE_KEY, tartu, True, version=published.version)
