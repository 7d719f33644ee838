# The two commands a newcomer needs (see README): `make demo` and `make test`.
# Everything installs into .venv; the JupyterLab extension is built by pip's build hook (jlpm).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := binder/demo/sales_report.ipynb
AIRFLOW_VENV := .venv-airflow
SCHEDULER_VENV := .venv-scheduler
# The venv's tools (jlpm, jupyter-builder, jupyter) first, as if it were activated.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup demo test test-python test-ts test-ui lint clean

$(BIN)/jupyter-prod: pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/jupyter-builder develop --overwrite . >/dev/null
	$(BIN)/jupyter server extension enable --sys-prefix jupyter_prod >/dev/null
	touch $(BIN)/jupyter-prod

setup: $(BIN)/jupyter-prod

# Checks the bundled demo notebook; exit status 1 just means "findings were reported".
demo: setup
	$(BIN)/jupyter prod check $(DEMO) || [ $$? -eq 1 ]

test: test-python test-ts test-ui

# JUPYTER_PROD_SPARK=1: the `spark` tests too (a local Spark; needs Java 17, see .ci/run).
# JUPYTER_PROD_AIRFLOW=1: the `airflow` tests too, with Airflow in its own venv (below).
# Then the `scheduler` tests, in the venv that has jupyter-scheduler (below).
test-python: setup $(AIRFLOW_VENV)/bin/airflow $(SCHEDULER_VENV)/.ready
	JUPYTER_PROD_SPARK=1 JUPYTER_PROD_AIRFLOW=1 $(BIN)/python -m pytest -q
	$(SCHEDULER_VENV)/bin/python -m pytest -q -m scheduler tests/schedule

# Airflow never enters .venv: its own venv, pinned, with what the demo job needs to run in it.
$(AIRFLOW_VENV)/bin/airflow: tests/schedule/airflow-requirements.txt
	test -x $(AIRFLOW_VENV)/bin/python || $(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/pip install --quiet --upgrade pip
	$(AIRFLOW_VENV)/bin/pip install --quiet -r tests/schedule/airflow-requirements.txt
	touch $(AIRFLOW_VENV)/bin/airflow

# jupyter-scheduler is a lab extension too: kept out of .venv (whose JupyterLab the browser
# tests drive), in a venv that sees .venv's packages through a .pth file and adds its own.
$(SCHEDULER_VENV)/.ready: tests/schedule/scheduler-requirements.txt $(BIN)/jupyter-prod
	test -x $(SCHEDULER_VENV)/bin/python || $(PYTHON) -m venv $(SCHEDULER_VENV)
	$(BIN)/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])" > \
	  "$$($(SCHEDULER_VENV)/bin/python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])")/jupyter_prod_main_venv.pth"
	$(SCHEDULER_VENV)/bin/python -m pip install --quiet --no-deps -r tests/schedule/scheduler-requirements.txt
	$(SCHEDULER_VENV)/bin/python -c "import jupyter_scheduler.extension, jupyter_prod"
	touch $@

# The extension's TypeScript unit tests (jest, src/__tests__).
test-ts: setup
	jlpm install --immutable && jlpm test

test-ui: setup
	cd ui-tests && jlpm install --immutable && CI=true jlpm playwright test

lint: setup
	$(BIN)/ruff check jupyter_prod tests bench
	$(BIN)/ruff format --check jupyter_prod

clean:
	rm -rf $(VENV) $(AIRFLOW_VENV) $(SCHEDULER_VENV) node_modules lib jupyter_prod/labextension ui-tests/node_modules
