"""`jupyter prod params` masks a secret default as the server and the widgets do."""

from __future__ import annotations

import json

from helpers import notebook

from jupyter_prod import api

KEY = "Zq8xT3vLp9Wm2Rb7" + "Kd4N"  # random, not real


def test_params_masks_a_hard_coded_secret_in_text_and_json(tmp_path, cli) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(notebook(f'api_key = "{KEY}"\nlimit = 3', "print(limit)")), "utf-8")
    text = cli("params", path)
    assert text.status == 0 and KEY not in text.out + text.err
    assert "api_key: str = '[REDACTED]'" in text.out and "limit: int = 3" in text.out
    data = json.loads(cli("params", path, "--format", "json").out)
    assert [p["default"] for p in data] == ["'[REDACTED]'", "3"]
    defaults = [p.default for p in api.infer_parameters(path).parameters]
    assert defaults == ["'[REDACTED]'", "3"]  # the one path every face takes
