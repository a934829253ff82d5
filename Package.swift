// swift-tools-version: 6.0
//
// sfn: second-order, saddle-aware optimisation at a prompt.
//
// Layers depend one way only:
//   CLinAlg (BLAS/LAPACK) <- SFNNumerics <- SFNTape <- SFNMethods <- SFNLanguage <- SFNKit, sfn
//   CKernels (vectorised elementwise loops) <- SFNTape
//   SFNSyntax (lexer, parser, AST: no dependencies), SFNPlot (plot models, SVG and text renderers:
//   Foundation only), SFNDigits (the bundled digits) and CZlib (the system zlib, for gzip data
//   files) <- SFNLanguage
// SFNKit is the module embedders import: it re-exports the language and the engine.
// Only the executable links readline; the libraries that other packages embed do not.
import PackageDescription
import Foundation

// The engine's modules compiled with optimisation inside a debug build, when SFN_OPTIMISE_ENGINE
// is set (to anything but 0): `./build.sh test` sets it, so that the suites' numerics run at
// release speed while the tests and the language stay quick to compile (the test command has 5
// minutes on 2 cores, build included; docs/testing.md). Unset, as in a package that depends on
// this one, there are no unsafe flags.
let optimiseEngine = !["", "0"].contains(ProcessInfo.processInfo.environment["SFN_OPTIMISE_ENGINE"] ?? "")
let engineSwift: [SwiftSetting] = optimiseEngine ? [.unsafeFlags(["-O"])] : []
let engineC: [CSetting] = optimiseEngine ? [.unsafeFlags(["-O2"])] : []

let package = Package(
    name: "sfn",
    // Linux is the platform CI runs; on macOS, Synchronization.Atomic needs 15.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SFNEngine", targets: ["SFNNumerics", "SFNTape", "SFNMethods"]),
        .library(name: "SFNKit", targets: ["SFNKit"]),
        .executable(name: "sfn", targets: ["sfn"]),
        .executable(name: "sfn-bench", targets: ["sfn-bench"]),
        // The libFuzzer target (scripts/fuzz.sh); a plain build makes it a program that does nothing.
        .executable(name: "sfn-fuzz", targets: ["sfn-fuzz"]),
    ],
    // The DocC plugin (`swift package generate-documentation`); it adds nothing to the products.
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
        // The CSV reader behind load (RFC 4180 quoting, CRLF); Sources/SFNLanguage/Builtins/CSVLoad.swift.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .target(
            name: "CLinAlg",
            cSettings: [.define("ACCELERATE_NEW_LAPACK", .when(platforms: [.macOS]))],
            linkerSettings: [
                .linkedLibrary("lapacke", .when(platforms: [.linux])),
                .linkedLibrary("openblas", .when(platforms: [.linux])),
                .linkedLibrary("m", .when(platforms: [.linux])),
                .linkedFramework("Accelerate", .when(platforms: [.macOS])),
            ]),
        // Elementwise array kernels in C, built per CPU (AVX-512, AVX2, baseline) on x86-64 Linux.
        .target(name: "CKernels", cSettings: engineC),
        .target(name: "SFNNumerics", dependencies: ["CLinAlg"], swiftSettings: engineSwift),
        .target(name: "SFNTape", dependencies: ["SFNNumerics", "CKernels"], swiftSettings: engineSwift),
        .target(name: "SFNMethods", dependencies: ["SFNTape", "SFNNumerics"], swiftSettings: engineSwift),
        .target(name: "SFNSyntax"),
        .target(name: "SFNPlot"),
        .target(name: "SFNDigits"),
        .target(name: "SFNLanguage",
                dependencies: ["SFNSyntax", "SFNPlot", "SFNDigits", "CZlib", "SFNMethods", "SFNTape", "SFNNumerics",
                               .product(name: "CSV", package: "CSV.swift")]),
        .target(name: "SFNKit", dependencies: ["SFNLanguage", "SFNSyntax", "SFNMethods", "SFNTape", "SFNNumerics"]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .executableTarget(name: "sfn", dependencies: ["SFNLanguage", "SFNSyntax", "SFNMethods", "CReadline"]),
        .executableTarget(name: "sfn-bench", dependencies: ["SFNMethods", "SFNTape", "SFNNumerics"]),
        .executableTarget(name: "sfn-fuzz", dependencies: ["SFNLanguage", "SFNSyntax", "SFNMethods"]),
        .testTarget(name: "SFNLanguageTests",
                    dependencies: ["SFNKit", "SFNLanguage", "SFNSyntax", "SFNPlot", "SFNDigits"]),
        .testTarget(name: "SFNSyntaxTests", dependencies: ["SFNSyntax"]),
        // The differential harness (issue 16, docs/testing.md), optimised even in debug builds: its
        // reference evaluator and generator run over 2^18-element programs within CI's budget.
        .testTarget(name: "SFNHarnessTests", dependencies: ["SFNLanguage", "SFNSyntax", "SFNTape", "SFNNumerics"],
                    swiftSettings: [.unsafeFlags(["-O"])]),
        .testTarget(name: "SFNPlotTests", dependencies: ["SFNPlot"]),
        .testTarget(name: "SFNNumericsTests", dependencies: ["SFNNumerics"]),
        .testTarget(name: "SFNTapeTests", dependencies: ["SFNTape", "SFNNumerics"]),
        .testTarget(name: "SFNMethodsTests", dependencies: ["SFNMethods", "SFNTape", "SFNNumerics"]),
    ]
)
