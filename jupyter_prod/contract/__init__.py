"""Data contracts and drift for exported jobs (issue 15).

- `frames.py`: which frames a job's contract covers (read from outside, written);
- `inference.py`: a pandera schema from a frame's profile at export;
- `in_job/`: copied into each job as `<package>/data_contract/`: validation, profiles and drift,
  run by the job itself (papermill, `jupyter prod run`, a scheduler alike);
- `run_findings.py`: what a run found, taken into its record (`run.json`);
- `history.py`: the runs of a job with their contract and drift, for `jupyter prod runs`.
The export's step that writes a job's contract is `export/contract_step.py` (export calls this
package; nothing here imports export or run at run time).
"""
