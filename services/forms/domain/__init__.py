"""Forms' rules: fields and their answers, scored measures, the built-in library. No I/O."""
