"""Notebooks as data scientists write them, with the Spark blockers each cell must get.

Each cell is `(source, {"PD001", ...})`: the pandas rules that must report on that cell, and no
other pandas rule may. The clean notebook must get no pandas finding at all, not even `info`.
"""

from __future__ import annotations

Cell = tuple[str, set[str]]

HOUSE_PRICES: list[Cell] = [
    ("!pip install -q seaborn", set()),
    (
        "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n"
        "import seaborn as sns\n%matplotlib inline\npd.set_option('display.max_columns', 100)",
        set(),
    ),
    (
        "train = pd.read_csv('../input/house-prices/train.csv')\n"
        "test = pd.read_csv('../input/house-prices/test.csv')\n"
        "print(train.shape, test.shape)\ntrain.head()",
        set(),
    ),
    ("train.info()\ntrain.describe(include='all')", {"PD002"}),
    (
        "missing = train.isnull().sum().sort_values(ascending=False)\n"
        "missing = missing[missing > 0]\nmissing.plot.bar()\nplt.show()",
        set(),
    ),
    (
        "# fill the garage columns\nfor col in ['GarageType', 'GarageFinish']:\n"
        "    train[col].fillna('None', inplace=True)\n"
        "train['LotFrontage'].fillna(train['LotFrontage'].median(), inplace=True)",
        {"PD008"},
    ),
    (
        "train['MasVnrArea'] = train.groupby('Neighborhood')['MasVnrArea'].transform("
        "lambda x: x.fillna(x.median()))",
        set(),
    ),
    (
        "train['TotalSF'] = train.apply(lambda r: r['TotalBsmtSF'] + r['1stFlrSF'] + "
        "r['2ndFlrSF'], axis=1)",
        {"PD004"},
    ),
    ("train['AgeBand'] = pd.cut(train['YearBuilt'], bins=5)", {"PD001"}),
    ("neigh = train[['Neighborhood', 'MSZoning']].value_counts()\nneigh.head(20)", {"PD001"}),
    (
        "outliers = []\nfor i, row in train.iterrows():\n"
        "    if row['GrLivArea'] > 4000 and row['SalePrice'] < 300000:\n"
        "        outliers.append(i)\ntrain = train.drop(outliers)",
        {"PD003"},
    ),
    (
        "train['SalePrice_log'] = np.log1p(train['SalePrice'])\n"
        "sns.histplot(train['SalePrice_log'])",
        set(),
    ),
    (
        "all_data = pd.concat([train.drop(columns=['SalePrice', 'SalePrice_log']), test], "
        "ignore_index=True)\nall_data = pd.get_dummies(all_data)",
        set(),
    ),
    ("X = all_data.iloc[:len(train)]\nX_test = all_data.iloc[len(train):]", {"PD006"}),
    ("y = train['SalePrice_log'].values", {"PD007"}),
    (
        "from sklearn.linear_model import Ridge\n\n"
        "model = Ridge(alpha=10).fit(X.fillna(0), y)\n"
        "preds = np.expm1(model.predict(X_test.fillna(0)))",
        set(),
    ),
    (
        "submission = pd.DataFrame({'Id': test['Id'], 'SalePrice': preds})\n"
        "submission.to_csv('submission.csv', index=False)",
        set(),
    ),
]

RETAIL_TRANSACTIONS: list[Cell] = [
    ("import pandas as pd, numpy as np", set()),
    (
        "tx = pd.read_csv('transactions.csv', parse_dates=['date'])\n"
        "tx = tx.sort_values(['customer_id', 'date'])\ntx.tail()",
        set(),
    ),
    (
        "tx['running_total'] = tx['amount'].cumsum()\n"
        "tx['prev_amount'] = tx.groupby('customer_id')['amount'].shift(1)\n"
        "tx['days_since'] = tx.groupby('customer_id')['date'].diff().dt.days",
        {"PD005"},
    ),
    (
        "def label(row):\n    if row['amount'] > 500:\n        return 'big'\n"
        "    return 'vip' if row['customer_id'] in vip_ids else 'regular'\n\n\n"
        "vip_ids = set(tx.loc[tx['amount'] > 2000, 'customer_id'])\n"
        "tx['segment'] = tx.apply(label, axis=1)",
        {"PD003", "PD004"},
    ),
    (
        "top = tx.groupby('customer_id')['amount'].sum().nlargest(10)\n"
        "for cid, total in top.items():\n    print(f'{cid}: {total:,.2f}')",
        set(),
    ),
    ("first_purchase = tx.iloc[0]['date']\nprint(first_purchase)", {"PD006"}),
    ("by_customer = {cid: grp for cid, grp in tx.groupby('customer_id')}", {"PD003"}),
    ("tx['growth'] = tx['amount'].pct_change()", {"PD005"}),
    # Series.dt.tz_localize/tz_convert exist in pyspark but raise NotImplementedError
    (
        "tx['hour'] = tx['date'].dt.tz_localize('UTC').dt.tz_convert('Europe/Paris').dt.hour",
        {"PD001"},
    ),
    ("tx.to_pickle('tx.pkl')", {"PD001"}),
    ("weekly = tx.set_index('date').resample('W')['amount'].sum()\nweekly.plot()", set()),
    # a helper without annotations: its blockers show where it is defined, once it gets a frame
    (
        "def add_recency(frame):\n    frame = frame.sort_values('date')\n"
        "    frame['recency'] = frame['date'].rank(pct=True)\n    return frame",
        {"PD002", "PD005"},
    ),
    ("tx = add_recency(tx)\ntx.head()", set()),
]

SPARK_FRIENDLY: list[Cell] = [
    ("import pandas as pd", set()),
    (
        "orders = pd.read_parquet('orders.parquet')\n"
        "customers = pd.read_parquet('customers.parquet')\n"
        "orders['order_date'] = pd.to_datetime(orders['order_date'])",
        set(),
    ),
    (
        "df = orders.merge(customers, on='customer_id', how='left')\n"
        "df['net'] = df['gross'] - df['discount']\n"
        "df['month'] = df['order_date'].dt.month\n"
        "df['is_large'] = df['net'] > 500\n"
        "df['tier'] = df['tier_code'].map({1: 'gold', 2: 'silver', 3: 'bronze'})",
        set(),
    ),
    (
        "df = df.sort_values(['customer_id', 'order_date'])\n"
        "df['order_seq'] = df.groupby('customer_id').cumcount()\n"
        "df['prev_net'] = df.groupby('customer_id')['net'].shift(1)\n"
        "df['running_net'] = df.groupby('customer_id')['net'].cumsum()",
        set(),
    ),
    (
        "monthly = df.groupby(['month', 'tier'], as_index=False)['net'].sum()\n"
        "pivot = df.pivot_table(index=['month'], columns='tier', values='net', aggfunc='sum')\n"
        "top_customers = df.groupby('customer_id')['net'].sum().nlargest(20)\n"
        "channel_share = df['channel'].value_counts(normalize=True)",
        set(),
    ),
    (
        "summary = {tier: float(total) for tier, total in "
        "df.groupby('tier')['net'].sum().items()}\n"
        "columns = df.columns.tolist()\nsummary",
        set(),
    ),
    (
        "feature_cols = ['net', 'month', 'is_large']\n"
        "features = pd.get_dummies(df[feature_cols + ['tier']], columns=['tier'])\n"
        "features.to_parquet('features.parquet')",
        set(),
    ),
]
