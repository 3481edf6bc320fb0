"""A runner who lifts, written as real device and app exports: `runlift demo` and the benchmarks' histories."""
