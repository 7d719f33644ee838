"""Which calls draw random numbers, which calls seed them, and which seed covers which draw.

A draw belongs to a *library* whose global seed makes it repeatable: numpy's global generator
(`np.random.seed` also covers scikit-learn and pandas calls without `random_state`, which
fall back to it), Python's `random`, torch, TensorFlow. A draw with no library (`NONE`)
is repeatable only through its own argument, such as `np.random.default_rng()` without a seed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from .calls import has_star_kwargs, is_none, keyword, string_value

NUMPY, RANDOM, TORCH, TF, NONE = "numpy", "random", "torch", "tensorflow", ""
ALL = frozenset({NUMPY, RANDOM, TORCH, TF})

SEEDERS: dict[str, frozenset[str]] = {
    "numpy.random.seed": frozenset({NUMPY}),
    "random.seed": frozenset({RANDOM}),
    "torch.manual_seed": frozenset({TORCH}),
    "torch.random.manual_seed": frozenset({TORCH}),
    "torch.cuda.manual_seed": frozenset({TORCH}),
    "torch.cuda.manual_seed_all": frozenset({TORCH}),
    "tensorflow.random.set_seed": frozenset({TF}),
    "tensorflow.set_random_seed": frozenset({TF}),
    "tensorflow.compat.v1.set_random_seed": frozenset({TF}),
}
# `seed_everything` (lightning), `set_seed` (transformers, accelerate), `set_random_seed` (keras)
ALL_LIBRARY_SEEDERS = ("seed_everything", "set_seed", "set_random_seed")

_NUMPY_NOT_DRAWS = frozenset(
    """
    seed get_state set_state Generator SeedSequence BitGenerator PCG64 PCG64DXSM MT19937 Philox
    SFC64 default_rng RandomState
    """.split()
)
_RANDOM_DRAWS = frozenset(
    """
    random randint randrange choice choices shuffle sample uniform gauss normalvariate
    lognormvariate expovariate vonmisesvariate gammavariate betavariate paretovariate
    weibullvariate triangular getrandbits randbytes binomialvariate
    """.split()
)
_TORCH_DRAWS = frozenset(
    """
    rand randn randint randperm rand_like randn_like randint_like normal bernoulli multinomial
    poisson
    """.split()
)
_TORCH_DETERMINISTIC_INIT = frozenset(
    """
    calculate_gain constant_ zeros_ ones_ eye_ dirac_
    """.split()
)
_TORCH_LAYERS = frozenset(
    """
    Linear Bilinear LazyLinear Conv1d Conv2d Conv3d ConvTranspose1d ConvTranspose2d
    ConvTranspose3d LSTM GRU RNN LSTMCell GRUCell RNNCell Embedding EmbeddingBag
    MultiheadAttention Transformer TransformerEncoderLayer TransformerDecoderLayer
    """.split()
)
_KERAS_LAYERS = frozenset(
    """
    Dense Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose SeparableConv2D DepthwiseConv2D
    LSTM GRU SimpleRNN Embedding MultiHeadAttention
    """.split()
)
# scikit-learn callables whose result depends on `random_state`.
_SKLEARN_ALWAYS = frozenset(
    """
    RandomForestClassifier RandomForestRegressor ExtraTreesClassifier ExtraTreesRegressor
    GradientBoostingClassifier GradientBoostingRegressor DecisionTreeClassifier
    DecisionTreeRegressor ExtraTreeClassifier ExtraTreeRegressor BaggingClassifier
    BaggingRegressor AdaBoostClassifier AdaBoostRegressor IsolationForest RandomTreesEmbedding
    KMeans MiniBatchKMeans BisectingKMeans MLPClassifier MLPRegressor SGDClassifier SGDRegressor
    SGDOneClassSVM Perceptron PassiveAggressiveClassifier PassiveAggressiveRegressor TSNE MDS
    TruncatedSVD GaussianMixture BayesianGaussianMixture LatentDirichletAllocation
    RandomizedSearchCV ShuffleSplit StratifiedShuffleSplit GroupShuffleSplit RepeatedKFold
    RepeatedStratifiedKFold train_test_split shuffle resample make_classification
    make_regression make_blobs make_moons make_circles SpectralClustering SpectralEmbedding UMAP
    RandomOverSampler RandomUnderSampler SMOTE
    """.split()
)


@dataclass(frozen=True)
class Draw:
    """A call whose result is random unless `library`'s global seed (or its own) is set."""

    library: str  # NUMPY, RANDOM, TORCH, TF, or NONE (only its own argument can seed it)
    message: str  # what is wrong, with `{call}` where the call's name goes
    advice: str  # how to make it repeatable
    keyword_fix: str | None = None  # a keyword argument that seeds it (`random_state`)


def classify(full: str | None, call: ast.Call) -> Draw | None:
    """The draw that `call` (its function resolved to `full`) makes, if any."""
    if full is None or has_star_kwargs(call):
        return None
    module, _, last = full.rpartition(".")
    if module == "numpy.random":
        return _numpy(last, call)
    if module == "random" and last in _RANDOM_DRAWS:
        return Draw(
            RANDOM,
            "{call} uses Python's `random` module, and no `random.seed(...)` comes before it",
            "call `random.seed(SEED)` once at the top",
        )
    if module == "random" and last == "Random" and not call.args:
        return Draw(NONE, "{call} has no seed", "pass one: `random.Random(SEED)`")
    if full.startswith(("sklearn.", "umap.", "imblearn.")):
        return _sklearn(last, call)
    if full.startswith("torch."):
        return _torch(module, last, call)
    if (
        module == "tensorflow.random"
        and last not in ("set_seed", "Generator")
        and not last.startswith("stateless")
    ) or (module in ("tensorflow.keras.layers", "keras.layers") and last in _KERAS_LAYERS):
        return Draw(
            TF,
            "{call} draws from TensorFlow's global generator, and no "
            "`tf.random.set_seed(...)` comes before it",
            "call `tf.random.set_seed(SEED)` once at the top",
        )
    return None


def seeded_libraries(full: str | None, call: ast.Call) -> frozenset[str]:
    """The libraries whose global generator `call` seeds (none for `np.random.seed()`)."""
    if full is None or not (call.args or call.keywords) or (call.args and is_none(call.args[0])):
        return frozenset()
    if full in SEEDERS:
        return SEEDERS[full]
    return ALL if full.rpartition(".")[2] in ALL_LIBRARY_SEEDERS else frozenset()


def _numpy(last: str, call: ast.Call) -> Draw | None:
    if last in ("default_rng", "RandomState"):
        seed = call.args[0] if call.args else keyword(call, "seed")
        if seed is not None and not is_none(seed):
            return None
        return Draw(NONE, "{call} has no seed", f"pass one: `{last}(SEED)`")
    if last in _NUMPY_NOT_DRAWS:
        return None
    return Draw(
        NUMPY,
        "{call} draws from numpy's global generator, and no `np.random.seed(...)` comes before it",
        "use `rng = np.random.default_rng(SEED)` and `rng.` methods",
    )


def _sklearn(last: str, call: ast.Call) -> Draw | None:
    state = keyword(call, "random_state")
    if state is not None and not is_none(state):
        return None
    random = last in _SKLEARN_ALWAYS
    if last == "train_test_split":
        random = _flag(call, "shuffle") is not False
    elif last in ("KFold", "StratifiedKFold", "GroupKFold", "StratifiedGroupKFold"):
        random = _flag(call, "shuffle") is True
    elif last == "LogisticRegression":
        random = string_value(keyword(call, "solver")) in ("sag", "saga")
    elif last in ("PCA", "IncrementalPCA"):
        random = string_value(keyword(call, "svd_solver")) in ("randomized", "arpack")
    elif last in ("SVC", "NuSVC"):
        random = _flag(call, "probability") is True
    if not random:
        return None
    return Draw(
        NUMPY,
        "{call} has no `random_state` (and no `np.random.seed(...)` comes before it)",
        "pass `random_state=SEED`",
        keyword_fix="random_state",
    )


def _torch(module: str, last: str, call: ast.Call) -> Draw | None:
    advice = "call `torch.manual_seed(SEED)` once at the top"
    draw = Draw(
        TORCH,
        "{call} draws from torch's global generator, and no `torch.manual_seed(...)` "
        "comes before it",
        advice,
    )
    if module == "torch" and last in _TORCH_DRAWS:
        return draw
    if module == "torch.nn.init" and last not in _TORCH_DETERMINISTIC_INIT:
        return draw
    if module == "torch.nn" and last in _TORCH_LAYERS:
        return Draw(
            TORCH,
            "{call} starts from random weights, and no `torch.manual_seed(...)` comes before it",
            advice,
        )
    if last == "random_split" or (last == "DataLoader" and _flag(call, "shuffle") is True):
        return None if keyword(call, "generator") is not None else draw
    return None


def _flag(call: ast.Call, name: str) -> bool | None:
    value = keyword(call, name)
    return (
        value.value if isinstance(value, ast.Constant) and isinstance(value.value, bool) else None
    )
