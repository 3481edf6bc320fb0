"""What the tests share: fixtures, stores, process launchers, generated histories and the corpus."""
