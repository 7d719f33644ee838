"""The redactor: every copy of a secret masked, in text and in JSON-like data."""

from __future__ import annotations

import json

from jupyter_prod.findings.redact import MASK, Redactor

SECRET = "sk_live_51HqLyjWDarjtT1zdp7dc"


def test_text_masks_the_secret_as_written_and_as_json_escaped():
    redact = Redactor(['pa"ss' + SECRET])
    text = 'a pa"ss' + SECRET + " b " + json.dumps('pa"ss' + SECRET)
    assert redact(text) == f'a {MASK} b "{MASK}"'


def test_data_masks_every_string_at_any_depth_and_keeps_the_rest():
    data = {"message": f"key {SECRET}", "n": 3, "items": [SECRET, None, {"deep": [SECRET]}]}
    assert Redactor([SECRET]).data(data) == {
        "message": f"key {MASK}", "n": 3, "items": [MASK, None, {"deep": [MASK]}],
    }  # fmt: skip
    assert data["items"][0] == SECRET  # the caller's data is not changed


def test_nothing_to_redact_returns_the_data_itself():
    data = {"message": "plain"}
    assert Redactor().data(data) is data
