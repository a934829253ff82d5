import Testing
@testable import SFNLanguage

/// Inputs that once crashed the interpreter (found by fuzzing): each must now end in a located
/// error or run normally. A crash here would take the whole test process down.
@Suite struct FuzzRegressionTests {
    static let erroring = [
        "mean([1, 2], 2)",
        "softmax([1, 2], 2)",
        "softmax([0, 3], 1e9)",
        "grad(w -> mean(w, 2), [1, 2])",
        "init(mlp([1e5, 1e5, 1e5]))",
        "accuracy(zeros(3, 0), [1, 2, 3])",
        "accuracy(zeros(3, 0), zeros(3, 0))",
        "1" + String(repeating: "+1", count: 30_000),
    ]
    static let running = [
        "hist([1e308, -1e308])",
        "plot([1e308, -1e308], log=false)",
        "scatter([1e308, -1e308], [1e308, -1e308])",
    ]

    @Test(arguments: erroring)
    func givesALocatedError(_ source: String) {
        let sfn = Interpreter()
        sfn.output = { _ in }
        do {
            _ = try sfn.run(source, name: "<fuzz>")
            Issue.record("expected an error from \(source.prefix(60))")
        } catch let e as SFNError {
            #expect(e.location.line >= 1 && e.location.column >= 1)
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test(arguments: running)
    func runsWithoutCrashing(_ source: String) throws {
        let sfn = Interpreter()
        sfn.output = { _ in }
        _ = try sfn.run(source, name: "<fuzz>")
    }
}
