"""Real servers started by tests and benchmarks on 127.0.0.1."""
