// swift-tools-version: 6.0
//
// sfn: second-order, saddle-aware optimisation at a prompt.
//
// Layers depend one way only:
//   CLinAlg (BLAS/LAPACK) <- SFNNumerics <- SFNTape <- SFNMethods <- (language, the sfn executable)
//   CKernels (vectorised elementwise loops) <- SFNTape
// Only the executable links readline; the libraries that other packages embed do not.
import PackageDescription

let package = Package(
    name: "sfn",
    // Linux is the platform CI runs; on macOS, Synchronization.Atomic needs 15.
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SFNEngine", targets: ["SFNNumerics", "SFNTape", "SFNMethods"]),
        .library(name: "SFNKit", targets: ["SFNKit", "SFNLanguage", "SFNMethods", "SFNTape", "SFNNumerics"]),
        .executable(name: "sfn", targets: ["sfn"]),
        .executable(name: "sfn-bench", targets: ["sfn-bench"]),
    ],
    // The DocC plugin (`swift package generate-documentation`); it adds nothing to the products.
    dependencies: [
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
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
        .target(name: "CKernels"),
        .target(name: "SFNNumerics", dependencies: ["CLinAlg"]),
        .target(name: "SFNTape", dependencies: ["SFNNumerics", "CKernels"]),
        .target(name: "SFNMethods", dependencies: ["SFNTape", "SFNNumerics"]),
        .target(name: "SFNLanguage", dependencies: ["SFNMethods", "SFNTape", "SFNNumerics"]),
        // The embedder's one import (placeholder for the docs branch; it re-exports the libraries).
        .target(name: "SFNKit", dependencies: ["SFNLanguage", "SFNMethods", "SFNTape", "SFNNumerics"]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        .executableTarget(name: "sfn", dependencies: ["SFNLanguage", "SFNMethods", "CReadline"]),
        .executableTarget(name: "sfn-bench", dependencies: ["SFNMethods", "SFNTape", "SFNNumerics"]),
        .testTarget(name: "SFNLanguageTests", dependencies: ["SFNLanguage"]),
        .testTarget(name: "SFNNumericsTests", dependencies: ["SFNNumerics"]),
        .testTarget(name: "SFNTapeTests", dependencies: ["SFNTape", "SFNNumerics"]),
        .testTarget(name: "SFNMethodsTests", dependencies: ["SFNMethods", "SFNTape", "SFNNumerics"]),
    ]
)
