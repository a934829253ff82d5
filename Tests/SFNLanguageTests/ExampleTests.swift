import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// Every examples/*.sfn runs to its end: its own asserts are the test. Heavy experiments read
/// SFN_QUICK to choose a reduced setting, which the tests set.
@Suite struct ExampleTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples: [String] = {
        let dir = root.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".sfn") && !notRun.contains($0) }.sorted()
    }()
    /// Examples on data sets from outside the repository, which take minutes: run by hand in a
    /// release build (docs/experiments.md); IDXTests runs their branch for missing data.
    static let notRun: Set<String> = ["figure3_fashion_sizes.sfn"]

    @Test func thereAreExamples() { #expect(Self.examples.contains("saddle_tour.sfn")) }

    @Test(arguments: examples)
    func exampleRunsAndItsAssertsHold(_ name: String) throws {
        // The reduced setting of the experiment scripts (`quick = env("SFN_QUICK") != ""`); set
        // before any example runs, and never unset, so concurrent runs all see it.
        setenv("SFN_QUICK", "1", 1)
        let sfn = Interpreter()
        var printed = ""
        sfn.output = { printed += $0 }
        do {
            _ = try sfn.runFile(path: Self.root.appendingPathComponent("examples").appendingPathComponent(name).path)
        } catch let e as SFNError {
            Issue.record("examples/\(name) failed:\n\(e.render())\n--- output ---\n\(printed)")
        }
    }
}
