"""Words the corpus generator draws from: datasets, column names, people, prose.

Kept apart from the cell builders so that `corpus_cells.py` reads as code, not as lists.
Everything here is a tuple (never a set): iteration order must not depend on hashing,
or the generator would stop being byte-for-byte deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A kind of dataset a data scientist analyses, with the columns it tends to have."""

    name: str
    title: str
    files: tuple[str, ...]
    numeric: tuple[str, ...]
    categorical: tuple[str, ...]
    date: str | None
    target: str
    task: str  # "classification" | "regression"


TOPICS: tuple[Topic, ...] = (
    Topic("sales", "Retail sales", ("sales_2021.csv", "transactions.csv", "orders.parquet"),
          ("revenue", "units", "discount", "unit_price", "cost", "margin"),
          ("region", "store_id", "product_category", "channel"), "order_date", "revenue", "regression"),
    Topic("churn", "Customer churn", ("customers.csv", "churn_labels.csv", "telco.csv"),
          ("tenure", "monthly_charges", "total_charges", "support_calls", "num_products"),
          ("contract", "payment_method", "gender", "internet_service"), "signup_date", "churned",
          "classification"),
    Topic("housing", "House prices", ("housing.csv", "train.csv", "kc_house_data.csv"),
          ("sqft_living", "bedrooms", "bathrooms", "lot_size", "year_built", "price"),
          ("neighborhood", "zipcode", "condition"), "sale_date", "price", "regression"),
    Topic("titanic", "Titanic survival", ("train.csv", "test.csv", "titanic.csv"),
          ("age", "fare", "sibsp", "parch"), ("sex", "embarked", "pclass", "cabin_deck"), None,
          "survived", "classification"),
    Topic("sensors", "Predictive maintenance", ("sensor_readings.parquet", "machines.csv"),
          ("temperature", "humidity", "pressure", "vibration", "voltage", "rpm"),
          ("device_id", "site", "status"), "timestamp", "failure", "classification"),
    Topic("clicks", "Web conversion", ("clickstream.csv", "sessions.parquet", "events.jsonl"),
          ("session_length", "pages_viewed", "time_on_page", "scroll_depth"),
          ("browser", "country", "device_type", "referrer"), "event_time", "converted",
          "classification"),
    Topic("loans", "Loan default", ("loan_data.csv", "lending_club_2019.csv"),
          ("loan_amount", "interest_rate", "annual_income", "dti", "credit_score"),
          ("grade", "purpose", "home_ownership", "term"), "issue_date", "default", "classification"),
    Topic("flights", "Flight delays", ("flights.csv", "airports.csv", "flights_2019.parquet"),
          ("dep_delay", "arr_delay", "distance", "air_time", "taxi_out"),
          ("carrier", "origin", "dest", "month_name"), "flight_date", "arr_delay", "regression"),
    Topic("energy", "Building energy", ("energy_consumption.csv", "meters.xlsx"),
          ("kwh", "outdoor_temp", "occupancy", "solar_output"), ("building", "meter_type", "season"),
          "reading_time", "kwh", "regression"),
    Topic("reviews", "Product reviews", ("reviews.csv", "products.json", "amazon_reviews.tsv"),
          ("rating", "helpful_votes", "review_length", "price_usd"),
          ("product_id", "verified", "language"), "review_date", "rating", "regression"),
    Topic("patients", "Hospital readmission", ("patients.csv", "admissions.csv"),
          ("age", "bmi", "blood_pressure", "glucose", "length_of_stay"),
          ("ward", "diagnosis", "insurance"), "admit_date", "readmitted", "classification"),
    Topic("taxi", "NYC taxi tips", ("yellow_tripdata_2023-01.parquet", "taxi_zones.csv"),
          ("trip_distance", "fare_amount", "tip_amount", "passenger_count", "duration_min"),
          ("payment_type", "pickup_zone", "vendor"), "pickup_datetime", "tip_amount", "regression"),
    Topic("wine", "Wine quality", ("winequality-red.csv", "winequality-white.csv"),
          ("fixed_acidity", "residual_sugar", "alcohol", "ph", "sulphates"), ("color", "vintage"),
          None, "quality", "classification"),
    Topic("stocks", "Stock returns", ("prices.csv", "fundamentals.csv", "tickers.json"),
          ("open", "close", "volume", "high", "low"), ("ticker", "sector", "exchange"), "date",
          "close", "regression"),
)

FRAME_NAMES = ("df", "df", "df", "data", "raw", "df_raw", "frame", "dataset", "train_df", "full")
MODEL_NAMES = ("model", "clf", "rf", "reg", "estimator", "pipe", "gbm", "baseline")
USERS = ("alice", "bob", "jdoe", "mchen", "priya", "sam", "kowalski", "lena.m", "tom", "ana")
CATEGORY_WORDS = (
    "north", "south", "east", "west", "central", "online", "retail", "basic", "premium", "gold",
    "A", "B", "C", "yes", "no", "mobile", "desktop", "tablet", "other", "unknown", "new", "returning",
)
VERBS = ("clean", "build", "compute", "add", "encode", "normalize", "load", "plot", "summarize",
         "prepare", "split", "score", "filter", "merge", "aggregate", "flag", "fix", "impute")
NOUNS = ("features", "columns", "outliers", "dates", "totals", "ratios", "labels", "frame",
         "metrics", "bins", "lags", "categories", "report", "weights", "missing", "dummies")
CLASS_NAMES = ("FeatureBuilder", "DataCleaner", "OutlierFilter", "Experiment", "ModelRunner",
               "ColumnSelector", "TargetEncoder", "Config", "ReportWriter", "LagFeatures")
HEADINGS = (
    "Setup", "Imports", "Load the data", "Data loading", "First look", "Exploratory analysis",
    "EDA", "Cleaning", "Data cleaning", "Missing values", "Feature engineering", "Features",
    "Modelling", "Baseline model", "Model training", "Evaluation", "Results", "Visualisation",
    "Plots", "Sanity checks", "Export", "Save results", "Next steps", "Scratch", "TODO",
    "Outliers", "Correlations", "Hyperparameter search", "Error analysis", "Conclusions",
)
PROSE = (
    "Let's take a first look at the data and check the column types.",
    "The dataset has a few columns with missing values; we impute them with the median for now.",
    "This follows the approach from the previous notebook, with a cleaner train/test split.",
    "Note: the raw export contains duplicates, so we drop them before anything else.",
    "We expect the target to be skewed, so a log transform may help the linear model.",
    "**TODO**: ask the data team whether the timestamps are in UTC or local time.",
    "The distribution looks roughly normal apart from a long right tail.",
    "Here we build the features used by the model. Categorical columns are one-hot encoded.",
    "Results are not great yet: the model overfits on the training set.",
    "See the [pandas docs](https://pandas.pydata.org/docs/) for the `groupby` semantics used here.",
    "The correlation matrix shows that several features are strongly collinear.",
    "We keep only rows from the last two years because the schema changed before that.",
    "I re-ran this section after fixing the join; the numbers below are the updated ones.",
    "The metric we care about is $F_1$, since the classes are imbalanced.",
    "Quick sanity check: the number of rows should not change after the merge.",
    "This cell is slow (a few minutes on a laptop); the results are cached to disk.",
    "Outliers above the 99th percentile are clipped rather than dropped.",
    "Compare with the baseline: a model that always predicts the mean.",
    "- drop the id columns\n- convert dates\n- fill missing values\n- encode categories",
    "Below we tune the regularisation strength with a small grid search.",
)
PACKAGES = ("xgboost", "lightgbm", "seaborn", "plotly", "shap", "pyarrow", "openpyxl", "tqdm",
            "statsmodels", "catboost", "category_encoders", "missingno")
