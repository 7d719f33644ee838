"""HO001 hardcoded-secret: where each secret is reported, what stays silent, nothing leaks."""

from __future__ import annotations

import ast
import json

import pytest
from helpers import notebook, only, report_of

from jupyter_prod import api
from jupyter_prod.analysis.facts import analyse
from jupyter_prod.notebook.reader import notebook_from_dict

# Built from parts so that secret scanners do not flag this file; random, not real.
AWS_ID = "AKIA" + "4HX7QZ2LMB6RT3KP"
AWS_SECRET = "w8Jt+q2ZrP0vX9sLk3mN7b" + "Yc5dF1gH4jQ6eR8tUa"
GH = "ghp_" + "R7mK2pQ9xV4tL8wZ3nB6cY1dF5gH0jS2aE7u"
SLACK = "xoxb-" + "2048193377-5567128810-Qm7RzK2pW9xT4vL8nB3c"
STRIPE = "sk_live_" + "51HqT2kLp9XwR7vZ3mN8bC4d"
OPENAI = "sk-proj-" + "Tq8Zr2WmK5xV9pL3nB7cY1dF6gH4jS0aE2uR"
JWT = "eyJhbGciOiJIUzI1NiJ9." + "eyJzdWIiOiJzdmMtY2h1cm4ifQ." + "Vb3xQ9mK2pL7tR4wZ8nC1yF6dH0jS5gA"
PASSWORD = "c4rb0nF1bre_2024"
HEX_KEY = "9f86d081884c7d659a2feaa0" + "c55ad015"
AZURE_KEY = "Zm9vYmFyYmF6cXV4cXV1eH" + "Rlc3RrZXkxMjM0NTY3ODkw=="
PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" + "Vq2hZt"
PEM = "-----BEGIN PRIVATE KEY-----\n" + PEM_BODY + "\n-----END PRIVATE KEY-----"
PEM_ESCAPED = PEM.replace("\n", "\\n")  # as written inside a one-line JSON-style string

FLAGGED = [
    # (cell source, line, kind in the message, secret)
    (f'import boto3\nAWS_ACCESS_KEY_ID = "{AWS_ID}"', 2, "AWS access key", AWS_ID),
    (f'aws_secret_access_key = "{AWS_SECRET}"', 1, "AWS secret access key", AWS_SECRET),
    (f'def get_repo(name, token="{GH}"):\n    pass', 1, "GitHub token", GH),
    (f'client = WebClient(token="{SLACK}")', 1, "Slack token", SLACK),
    (f'stripe.api_key = "{STRIPE}"', 1, "Stripe secret key", STRIPE),
    (f'import openai\n\nopenai.api_key = "{OPENAI}"', 3, "OpenAI-style API key", OPENAI),
    (f'headers = {{"Authorization": "Bearer {JWT}"}}', 1, "JWT", JWT),
    (
        f'engine = create_engine("postgresql://analyst:{PASSWORD}@db:5432/crm")',
        1,
        "password in a connection URL",
        PASSWORD,
    ),
    (
        f'conn = psycopg2.connect(host="db", user="etl", password="{PASSWORD}")',
        1,
        "password",
        PASSWORD,
    ),
    (f'API_KEY = "{HEX_KEY}"', 1, "API key", HEX_KEY),
    (f'r = requests.get(url, auth=("admin", "{PASSWORD}"))', 1, "password", PASSWORD),
    (
        f'CONN = "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={AZURE_KEY};"',
        1,
        "Azure storage account key",
        AZURE_KEY,
    ),
    (
        f'creds = {{"type": "service_account", "private_key": "{PEM_ESCAPED}"}}',
        1,
        "GCP service-account private key",
        PEM_BODY,
    ),
    (f'KEY = """{PEM}"""', 1, "private key", PEM_BODY),
    (f"# the old token was {GH}\nx = 1", 1, "GitHub token", GH),
    (f"%env OPENAI_API_KEY={OPENAI}", 1, "OpenAI-style API key", OPENAI),
    (f"%env DB_PASSWORD={PASSWORD}", 1, "password", PASSWORD),
    (f"!export AWS_SECRET_ACCESS_KEY={AWS_SECRET}", 1, "AWS secret access key", AWS_SECRET),
    (f"%%bash\nexport API_TOKEN='{HEX_KEY}'\npython job.py", 2, "token", HEX_KEY),
    (f'%%bash\ncurl -H "Authorization: Bearer {HEX_KEY}" https://x.example', 2, "bearer", HEX_KEY),
    (f'%%time\nx = 1\nsecret = "{HEX_KEY}"', 3, "secret", HEX_KEY),
    (f'x = (\n    1\nsecret = "{HEX_KEY}"', 3, "secret", HEX_KEY),  # a syntax error elsewhere
    (
        f'!echo \'{{"username":"dana","key":"{HEX_KEY}"}}\' > ~/.kaggle/kaggle.json',
        1,
        "secret key",
        HEX_KEY,
    ),
    (f"%%writefile .env\nAPI_TOKEN={HEX_KEY}\nDEBUG=1", 2, "token", HEX_KEY),
    (f"!curl -s -u etl:{PASSWORD} https://x.example/export", 1, "password", PASSWORD),
]

SILENT = [
    'import os\ndb_password = os.environ["WAREHOUSE_PASSWORD"]',
    'import os\ntoken = os.getenv("FEATURE_STORE_TOKEN", "")',
    "from getpass import getpass\npassword = getpass()",
    'pw = "x"\ndb_url = f"postgresql://analyst:{pw}@warehouse.internal:5432/crm"',
    'db_url = "postgresql://analyst:{}@warehouse:5432/crm".format(pw)',
    'db_url = "mysql://root:%s@localhost/shop" % pw',
    'DB_URL = "postgresql://user:password@localhost:5432/db"',
    'DB_URL = "postgresql://localhost:5432/db"',
    'primary_key = "customer_id"',
    'sort_key = "order_date_utc_2024"',
    'import re\nTOKEN_RE = re.compile(r"[a-z]{2,}")',
    'vec = CountVectorizer(token_pattern=r"(?u)\\b\\w\\w+\\b")',
    'tok = AutoTokenizer.from_pretrained("bert-base-uncased", pad_token="[PAD]")',
    'obj = s3.get_object(Bucket="acme-exports", Key="daily/2024-06-01/orders.csv")',
    'api_key = "YOUR_API_KEY_HERE"',
    'password = "<your-password>"',
    'password = ""',
    'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"',
    'openai.api_version = "2024-02-15-preview"',
    'tutorial = "sk-learn-tutorial-for-complete-beginners"',
    'key = "region"',
    'password_field = "user_password"',
    'secret_santa = ["alice", "bob"]',
    'run_id = "3f2a9c1e8b7d4f60a5e2c9d1b8a7f6e5"',
    "!docker run -u 1000:1000 image",
    "!pip install -U pandas",
    'auth_url = "https://login.example.com/oauth2/v2.0/token"',
]


@pytest.mark.parametrize(("source", "line", "kind", "secret"), FLAGGED)
def test_each_secret_is_reported_on_its_cell_and_line(source, line, kind, secret):
    nb = notebook("import pandas as pd", source)

    findings = only(nb, "HO001")

    assert [(f.cell, f.line) for f in findings] == [(1, line)]
    [finding] = findings
    assert finding.severity == "error" and finding.category == "handoff"
    assert kind in finding.message
    assert secret not in finding.message and secret[:12] not in finding.message


@pytest.mark.parametrize("source", SILENT)
def test_look_alikes_stay_silent(source):
    assert only(notebook("import pandas as pd", source), "HO001") == []


def test_message_names_the_holder_and_the_length_but_not_the_value():
    [finding] = only(notebook(f'aws_key = "{AWS_ID}"'), "HO001")
    assert finding.message.startswith("hard-coded AWS access key in `aws_key` (20 characters)")


def test_hit_positions_point_at_the_exact_secret_text():
    source = f'import boto3\nAWS_ACCESS_KEY_ID = "{AWS_ID}"  # é\nurl = "x"'
    facts = analyse(notebook_from_dict(notebook("é = 1", source), "x.ipynb"))
    [hit] = facts.secrets
    lines = source.split("\n")
    assert (hit.cell, hit.line, hit.name) == (1, 2, "AWS_ACCESS_KEY_ID")
    assert lines[hit.line - 1][hit.column : hit.end_column] == hit.value == AWS_ID


def test_every_planted_secret_is_absent_from_every_output():
    cells = [source for source, *_ in FLAGGED]
    nb = notebook("import os", *cells)
    secrets = {secret for *_, secret in FLAGGED} | {AWS_SECRET, PEM}
    report = api.check_document(nb, "leaky.ipynb", api.CheckOptions())
    outputs = [json.dumps(report.to_dict())] + [f.source_line or "" for f in report.findings]
    outputs += [f.message for f in report.findings]
    for secret in secrets:
        for text in outputs:
            assert secret not in text and json.dumps(secret)[1:-1] not in text
    assert len([f for f in report.findings if f.rule == "HO001"]) == len(FLAGGED)


def _apply(source: str, edits: list[dict]) -> str:
    lines = source.split("\n")
    for edit in sorted(edits, key=lambda e: (e["line"], e["column"]), reverse=True):
        assert edit["line"] == edit["end_line"]
        text = lines[edit["line"] - 1]
        new = text[: edit["column"] - 1] + edit["text"] + text[edit["end_column"] - 1 :]
        lines[edit["line"] - 1] = new
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f'AWS_ACCESS_KEY_ID = "{AWS_ID}"', 'AWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]'),
        (
            f'engine = create_engine("postgresql://analyst:{PASSWORD}@db:5432/crm")',
            "engine = create_engine(f\"postgresql://analyst:{os.environ['DB_PASSWORD']}@db:5432/crm\")",
        ),
        (
            f"h = {{'Authorization': 'Bearer {JWT}'}}",
            "h = {'Authorization': f'Bearer {os.environ[\"API_TOKEN\"]}'}",
        ),
    ],
)
def test_fix_reads_the_value_from_the_environment(source, expected):
    [finding] = only(notebook(source), "HO001")
    fix = finding.fix.to_dict()
    fixed = _apply(source, fix["edits"])
    assert fix["safety"] == "unsafe"
    assert fixed == "import os\n" + expected
    ast.parse(fixed)


def test_fix_does_not_import_os_twice():
    [finding] = only(notebook("import os", f'token = "{GH}"'), "HO001")
    assert [e.text for e in finding.fix.edits] == ['os.environ["TOKEN"]']


def test_shell_secrets_get_a_display_only_suggestion():
    [finding] = only(notebook(f"%env OPENAI_API_KEY={OPENAI}"), "HO001")
    assert finding.fix.safety == "display-only" and "OPENAI_API_KEY" in finding.fix.description


def test_secret_reported_once_when_named_and_matching_a_format():
    assert len(only(notebook(f'github_token = "{GH}"'), "HO001")) == 1


def test_non_python_notebook_is_not_analysed_for_secrets():
    nb = notebook(f'key <- "{HEX_KEY}"', kernel="ir", language="R")
    assert [f.rule for f in report_of(nb, ["handoff"]).findings] == []


IDENTIFIER_VALUES = [
    "customer_id", "customer_id_lookup", "order_date_utc_2024", "bert-base-uncased",
    "YOUR_API_KEY", "sentence-transformers/all-MiniLM-L6-v2", "daily-orders-export",
    "text-embedding-3-small", "claude-3-5-sonnet-20240620", "ProductionDatabase",
    "distilbert-base-uncased-finetuned-sst-2-english", "xgboost_model_v3", "feature_store",
    "analytics_reader", "warehouse_2024_q3", "reports/2024/06/summary", "getUserName",
]  # fmt: skip


def test_random_tokens_under_secret_names_are_found_and_identifiers_are_not():
    import random
    import string

    from jupyter_prod.analysis.secret_values import credential_like

    rng = random.Random(2024)
    alphabets = (string.ascii_letters + string.digits, string.hexdigits[:16], string.ascii_letters)
    tokens = ["".join(rng.choice(a) for _ in range(rng.randint(20, 40))) for a in alphabets * 200]
    found = sum(credential_like(token, "secret") for token in tokens)
    assert found >= 0.98 * len(tokens)
    assert [v for v in IDENTIFIER_VALUES if credential_like(v, "secret")] == []
    assert [
        v for v in ("password", "user_password", "letmein") if credential_like(v, "password")
    ] == []
    assert credential_like("NSnRDiHEZAKO", "password")  # letters only, but random


def test_a_literal_with_two_secrets_gets_no_fix_that_would_copy_the_other():
    source = f'url = "https://bot:{PASSWORD}@x.example/feed?sv=2022&sig={AZURE_KEY}"'
    findings = only(notebook(source), "HO001")
    assert len(findings) == 2
    for finding in findings:
        text = json.dumps(finding.to_dict())
        assert PASSWORD not in text and AZURE_KEY not in text


@pytest.mark.parametrize(
    "text",
    ["eyJ" * 30000, "eyJa." * 30000, "-----BEGIN PRIVATE KEY-----\n" * 2000, "ghp_" * 30000],
    ids=["jwt-run", "jwt-dots", "pem-begins", "github-prefixes"],
)
def test_pathological_cells_are_scanned_in_linear_time(text):
    import time

    start = time.perf_counter()
    only(notebook(f'x = """{text}"""'), "HO001")
    assert time.perf_counter() - start < 5  # was 8 s for the JWT run before the linear regex


def test_a_known_token_format_in_a_markdown_cell_is_reported_on_that_cell():
    nb = notebook(("md", f"Ask Dana for access.\n\nOld token: `{GH}`"), "x = 1")
    [finding] = only(nb, "HO001")
    assert (finding.cell, finding.line) == (0, 3)
    prose = notebook(
        ("md", "Set `api_key = customer_reference_2024` and password: hunter2"), "x = 1"
    )
    assert only(prose, "HO001") == []
