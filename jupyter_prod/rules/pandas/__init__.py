"""pandas: what will not move to pandas API on Spark, judged by object type and a generated table."""
