// swift-tools-version: 6.0
//
// A host application that embeds the sfn interpreter (LANGUAGE.md §8), depending on the sfn
// package by path and on its library product SFNKit (no readline).
import PackageDescription

let package = Package(
    name: "embed",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "sfn", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "embed-demo",
            dependencies: [.product(name: "SFNKit", package: "sfn")]),
    ]
)
