// swift-tools-version: 6.1
//
// strata — strategic analysis of migrant smuggling from aggregated statistics.
//
// Build requirements: the system libraries OpenBLAS (CBLAS) and LAPACKE, from
// Debian's `libopenblas-dev liblapacke-dev pkg-config`. `CLapack` links both
// explicitly: linking `lapacke` alone leaves `cblas_*` undefined.
//
// Layers (each imports only the ones below it), see README.md:
//   strata (CLI) → StrataReports → StrataAnalysis → StrataData, StrataNumerics → CLapack
//
// Benchmarks live in their own package under Benchmarks/ so that
// `swift build` / `swift test` of the library stay fast.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "strata",
    products: [
        // MARK: - Public API
        .library(name: "StrataNumerics", targets: ["StrataNumerics"]),
        .library(name: "StrataData", targets: ["StrataData"]),
        .library(name: "StrataAnalysis", targets: ["StrataAnalysis"]),
        .library(name: "StrataReports", targets: ["StrataReports"]),
        .executable(name: "strata", targets: ["strata"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        // YAML model files for `strata score` (one schema with JSON).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // HTML DSL for the assessment report; SHA-256 of the data sources.
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - Implementation details
        .systemLibrary(
            name: "CLapack",
            path: "Sources/CLapack",
            pkgConfig: "lapacke",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev", "pkg-config"])]
        ),

        // MARK: - Public API
        .target(
            name: "StrataNumerics",
            dependencies: ["CLapack"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StrataData",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StrataAnalysis",
            dependencies: ["StrataData", "StrataNumerics", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "StrataReports",
            dependencies: [
                "StrataAnalysis", "StrataData", "StrataNumerics",
                .product(name: "Plot", package: "Plot"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "strata",
            dependencies: [
                "StrataNumerics",
                "StrataData",
                "StrataAnalysis",
                "StrataReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),

        // Seeded generator of datasets/synthetic_detections_monthly.csv (see datasets/README).
        .executableTarget(
            name: "strata-synth",
            dependencies: ["StrataData", "StrataNumerics"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Unit test bundles
        // Test helpers (locating ../shared reference data); not a product.
        .target(name: "StrataTestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "StrataNumericsTests",
            dependencies: ["StrataNumerics", "StrataTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StrataDataTests",
            dependencies: [
                "StrataData", "StrataTestSupport",
                // The shared seeded generator (SplitMix64) for the robustness test.
                "StrataNumerics",
                // Writes small .xlsx workbooks for the reader's tests.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StrataAnalysisTests",
            dependencies: ["StrataAnalysis", "StrataData", "StrataNumerics", "StrataTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StrataReportsTests",
            dependencies: ["StrataReports", "StrataAnalysis", "StrataData", "StrataNumerics", "StrataTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StrataCLITests",
            dependencies: ["strata", "StrataTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
