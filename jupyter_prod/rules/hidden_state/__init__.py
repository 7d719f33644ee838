"""Hidden state: what a notebook's saved outputs owe to an execution order nobody can repeat."""
