print("sfn-bench: not yet")
