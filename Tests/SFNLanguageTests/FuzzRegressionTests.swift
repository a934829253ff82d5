import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

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
        // Found by the review and fuzzing of the later built-ins: each allocated far past the
        // 1e8-element limit (or tripped a precondition) and aborted the process.
        "f(x) = 5e307 * (x[1]^2 - x[2]^2)\nspectrum(f, [0, 0], method=\"density\", quiet=true)",
        "ones(1e5, 2) @ ones(2, 1e5)",
        "dot(ones(1e5, 2), ones(2, 1e5))",
        "ones(2, 2)[ones(1e5), ones(1e5)]",
        "A = ones(2, 2)\nA[ones(1e5), ones(1e5)] = 0",
        "f(w) = sum(w)\nnewton(f, zeros(1e5), quiet=true)",
        "f(w) = sum(w)\nclassify(f, zeros(20000))",
        "x = ones(1e8)\nvcat(x, x)",
        "[ones(1e7) for i in 1:11]",
        "diag(zeros(1e5))",
        "mod(zeros(1e5), ones(1e5, 1))",
        "sum(i for i in 0:88888883)",
    ]
    static let running = [
        "hist([1e308, -1e308])",
        "plot([1e308, -1e308], log=false)",
        "scatter([1e308, -1e308], [1e308, -1e308])",
        "hist([-1e308, 1e308], log=false)",
        "f(x) = 5e307 * (x[1]^2 - x[2]^2)\ns = spectrum(f, [0, 0])",
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
