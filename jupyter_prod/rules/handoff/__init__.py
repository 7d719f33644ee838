"""Hand-off: what breaks or leaks when a notebook leaves its author's machine to run as a job."""
