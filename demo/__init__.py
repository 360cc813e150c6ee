"""The demo and the scale data: the top floor, above every app it fills (docs/architecture.md).

`demo.loader.load_demo()` loads the demo year through every app's own `demo` module;
`demo.scale.generate()` adds fictitious data at N times the demo for benchmarks."""
