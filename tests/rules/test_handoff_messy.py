"""The hand-off family on whole notebooks written like real ones (Kaggle, course material,
half-finished work), not like rule fixtures: every hand-off finding, and nothing else."""

from __future__ import annotations

import json

from helpers import findings_of, notebook, report_of

NO_PARAMETERS = ("HO005", None, None)
HUBSPOT = "pat-eu1-" + "3f2a9c1e-8b7d-4f60-a5e2-c9d1b8a7f6e5"
GH = "ghp_" + "Zp3Lk9Qw2Xr7Tn5Vb8Mc1Hd4Fg6Js0Ka2Ey"

KAGGLE_HOUSE_PRICES = notebook(
    ("md", "# House prices: EDA and a stacked baseline"),
    "import numpy as np\nimport pandas as pd\nimport seaborn as sns\nfrom scipy import stats\n"
    "from sklearn.model_selection import KFold, cross_val_score\n"
    "from sklearn.linear_model import Lasso\nfrom sklearn.pipeline import make_pipeline\n"
    "from sklearn.preprocessing import RobustScaler\nimport xgboost as xgb\n%matplotlib inline\n"
    "import warnings\nwarnings.filterwarnings('ignore')",
    "import os\nfor dirname, _, filenames in os.walk('/kaggle/input'):\n"
    "    for filename in filenames:\n        print(os.path.join(dirname, filename))",
    "train = pd.read_csv('../input/house-prices/train.csv')\n"
    "test = pd.read_csv('../input/house-prices/test.csv')\ntest_ID = test['Id']",
    "sns.histplot(train['SalePrice'])\n(mu, sigma) = stats.norm.fit(train['SalePrice'])\n"
    "print('\\n mu = {:.2f} and sigma = {:.2f}\\n'.format(mu, sigma))",
    'train["SalePrice"] = np.log1p(train["SalePrice"])\ny_train = train.SalePrice.values',
    "n_folds = 5\n\ndef rmsle_cv(model):\n"
    "    kf = KFold(n_folds, shuffle=True, random_state=42).get_n_splits(train.values)\n"
    "    return np.sqrt(-cross_val_score(model, train.values, y_train, cv=kf))",
    "lasso = make_pipeline(RobustScaler(), Lasso(alpha=0.0005, random_state=1))\n"
    "model_xgb = xgb.XGBRegressor(learning_rate=0.05, max_depth=3, n_estimators=2200,\n"
    "                             subsample=0.5213, random_state=7, nthread=-1)",
    "sub = pd.DataFrame({'Id': test_ID, 'SalePrice': np.expm1(y_train[:len(test_ID)])})\n"
    "sub.to_csv('submission.csv', index=False)",
)

COLAB_COURSE_WEEK3 = notebook(
    ("md", "# Week 3: decision trees\nRun the cells in order. **Exercise** at the end."),
    "from google.colab import drive\ndrive.mount('/content/drive')",
    "!pip install -q graphviz",
    "import numpy as np\nimport matplotlib.pyplot as plt\nfrom sklearn.datasets import load_iris\n"
    "from sklearn.tree import DecisionTreeClassifier, plot_tree\n"
    "from sklearn.model_selection import train_test_split",
    "iris = load_iris()\nX, y = iris.data, iris.target\n"
    "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)",
    "tree = DecisionTreeClassifier(max_depth=3)\ntree.fit(X_train, y_train)\n"
    "print('Accuracy:', tree.score(X_test, y_test))",
    "# Exercise: try other depths\nfor depth in range(1, 8):\n"
    "    t = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X_train, y_train)\n"
    "    print(depth, t.score(X_test, y_test))",
    "plt.figure(figsize=(12, 8))\nplot_tree(tree, filled=True, feature_names=iris.feature_names)\n"
    "plt.savefig('/content/drive/MyDrive/ML course/tree.png', dpi=150)",
    "# simulate noisy measurements\nnoise = np.random.normal(0, 0.1, X.shape)\nX_noisy = X + noise",
)

HALF_FINISHED_ATTRIBUTION = notebook(
    ("md", "# Marketing attribution (WIP)"),
    "import os, json, requests\nimport pandas as pd\nfrom datetime import datetime",
    f'# TODO move to env before sharing\nHUBSPOT_API_KEY = "{HUBSPOT}"\n'
    'GA_PROPERTY = "properties/312345678"\nSTART = datetime(2024, 5, 1)',
    "def hubspot_get(path, **params):\n    url = f'https://api.hubapi.com{path}'\n"
    "    headers = {'Authorization': f'Bearer {HUBSPOT_API_KEY}'}\n"
    "    r = requests.get(url, headers=headers, params=params, timeout=30)\n"
    "    r.raise_for_status()\n    return r.json()",
    'deals = hubspot_get("/crm/v3/objects/deals", limit=100)["results"]',
    'campaigns = pd.read_csv("/Users/sam/Downloads/campaigns_export (3).csv")\n'
    'campaigns["spend_eur"] = campaigns["spend"] * 0.92',
    "%env SNOWFLAKE_PASSWORD=Wint3r!sComing",
    "import snowflake.connector\n"
    "conn = snowflake.connector.connect(user='sam', password=os.environ['SNOWFLAKE_PASSWORD'],\n"
    "                                   account='acme-eu')",
    'touchpoints = pd.read_sql("SELECT * FROM marketing.touchpoints", conn)\ntouchpoints.sample(5)',
    "!pip freeze | grep pandas",
    "",
)

TORCH_COURSE_SEEDED = notebook(
    "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
    "from torch.utils.data import DataLoader, TensorDataset\nimport numpy as np",
    "SEED = 42\ntorch.manual_seed(SEED)\nnp.random.seed(SEED)",
    "X = torch.randn(1000, 20)\ny = (X[:, 0] > 0).long()\n"
    "loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)",
    "class MLP(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
    "        self.fc1 = nn.Linear(20, 64)\n        self.fc2 = nn.Linear(64, 2)\n\n"
    "    def forward(self, x):\n        return self.fc2(F.relu(self.fc1(x)))",
    "model = MLP()\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\nfor epoch in range(5):\n"
    "    for xb, yb in loader:\n        loss = F.cross_entropy(model(xb), yb)\n"
    "        opt.zero_grad(); loss.backward(); opt.step()",
    'torch.save(model.state_dict(), "/home/student/models/mlp.pt")',
    "idx = np.random.permutation(len(X))[:10]",
)

API_SCRAPER = notebook(
    "import requests\nimport pandas as pd\nBASE = 'https://api.github.com'",
    "def get(path):\n    return requests.get(BASE + path, timeout=10).json()",
    'repos = get("/orgs/pandas-dev/repos")',
    'endpoint = "/users/octocat/repos"\nrepos2 = get(endpoint)',
    'df = pd.json_normalize(repos)\nowners = df["full_name"].str.split("/").str[0]',
    f'token = "{GH}"\nheaders = {{"Authorization": f"token {{token}}"}}',
    'df.to_json("/var/www/html/data/repos.json")',
)


def test_kaggle_notebook_only_its_kaggle_input_path():
    assert findings_of(KAGGLE_HOUSE_PRICES, ["handoff"]) == [NO_PARAMETERS, ("HO002", 2, 2)]


def test_colab_course_notebook():
    assert findings_of(COLAB_COURSE_WEEK3, ["handoff"]) == [
        NO_PARAMETERS,
        ("HO003", 2, 1),
        ("HO004", 5, 1),  # DecisionTreeClassifier without random_state
        ("HO002", 7, 3),
        ("HO004", 8, 2),  # np.random.normal, never seeded
    ]


def test_half_finished_analysis_with_a_key_a_download_and_an_env_password():
    assert findings_of(HALF_FINISHED_ATTRIBUTION, ["handoff"]) == [
        NO_PARAMETERS,
        ("HO001", 2, 2),
        ("HO002", 5, 1),
        ("HO001", 6, 1),
        ("HO004", 8, 2),  # touchpoints.sample(5)
    ]


def test_seeded_torch_course_reports_only_the_home_path():
    assert findings_of(TORCH_COURSE_SEEDED, ["handoff"]) == [NO_PARAMETERS, ("HO002", 5, 1)]


def test_api_routes_are_not_paths_but_a_web_root_export_is():
    assert findings_of(API_SCRAPER, ["handoff"]) == [
        NO_PARAMETERS,
        ("HO001", 5, 1),
        ("HO002", 6, 1),
    ]


def test_no_secret_of_these_notebooks_appears_in_the_report():
    for nb in (HALF_FINISHED_ATTRIBUTION, API_SCRAPER):
        text = json.dumps(report_of(nb, ["ALL"]).to_dict())
        for secret in (HUBSPOT, GH, "Wint3r!sComing"):
            assert secret not in text
