// swift-tools-version: 6.1
//
// strata's benchmarks (ordo-one/benchmark, a.k.a. package-benchmark), kept in
// their own package so the library's `swift build` / `swift test` stay fast.
//
// Run from this folder:
//   swift package --allow-writing-to-package-directory benchmark
// One suite only:
//   swift package --allow-writing-to-package-directory benchmark --target LinearAlgebraBenchmarks
import PackageDescription

let package = Package(
    name: "strata-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "strata", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "LinearAlgebraBenchmarks",
            dependencies: [
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LinearAlgebra",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "DecompositionBenchmarks",
            dependencies: [
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Decomposition",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ChangePointBenchmarks",
            dependencies: [
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ChangePoints",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "AssessmentBenchmarks",
            dependencies: [
                .product(name: "StrataAnalysis", package: "strata"),
                .product(name: "StrataData", package: "strata"),
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "StrataReports", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Assessment",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "tcpd-evaluation",
            dependencies: [.product(name: "StrataNumerics", package: "strata")],
            path: "Evaluations/TCPD",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "DataReadingBenchmarks",
            dependencies: [
                .product(name: "StrataData", package: "strata"),
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DataReading",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ForecastingBenchmarks",
            dependencies: [
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Forecasting",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ShiftsBenchmarks",
            dependencies: [
                .product(name: "StrataAnalysis", package: "strata"),
                .product(name: "StrataData", package: "strata"),
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Shifts",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ScoringBenchmarks",
            dependencies: [
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Scoring",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "m3-evaluation",
            dependencies: [
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "StrataAnalysis", package: "strata"),
            ],
            path: "Evaluations/M3",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "heldout-evaluation",
            dependencies: [
                .product(name: "StrataNumerics", package: "strata"),
                .product(name: "StrataAnalysis", package: "strata"),
            ],
            path: "Evaluations/HeldOut",
            exclude: ["README.md"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
