"""Data contracts and drift for exported jobs (issue 15).

- `frames.py`: which frames a job's contract covers (read from outside, written);
- `inference.py`: a pandera schema from a frame's profile at export;
- `export_step.py`: the export writes `contract/`, the `contract:` section of `job.yaml`, the
  job notebook's check cells and `tests/test_contract.py`;
- `in_job/`: copied into each job as `<package>/data_contract/`: validation, profiles and drift,
  run by the job itself (papermill, `jupyter prod run`, a scheduler alike);
- `run_findings.py`: what a run found, taken into its record (`run.json`);
- `history.py`: the runs of a job with their contract and drift, for `jupyter prod runs`.
"""
