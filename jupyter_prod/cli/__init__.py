"""`jupyter prod ...`: parse the command line, call `api`, render, set the exit status."""
