// Issue 17, item 9: every option is checked against the range declared with it, once, when a call
// binds its arguments: a located error (caret at the argument) naming the option and the range.
import Testing
@testable import SFNLanguage
@testable import SFNSyntax

@Suite struct OptionRangeTests {
    /// Each call gives one bad option, named `option`; the message names it and the range.
    static let badOptions: [(source: String, option: String, range: String)] = [
        ("sgd(f, [1, 1], clip=-1)", "clip", "a number > 0"),
        ("sgd(f, [1, 1], lr=-1)", "lr", "a number > 0"),
        ("gd(f, [1, 1], lr=-1)", "lr", "a number > 0"),
        ("gd(f, [1, 1], lr=0)", "lr", "a number > 0"),
        ("sfhf(f, [1, 1], lr=nan)", "lr", "a number > 0"),
        ("sgd(f, [1, 1], momentum=2)", "momentum", "a number in [0, 1)"),
        ("sgd(f, [1, 1], momentum=-0.5)", "momentum", "a number in [0, 1)"),
        ("gd(f, [1, 1], tol=nan)", "tol", "a number ≥ 0"),
        ("lbfgs(f, [1, 1], tol=-1)", "tol", "a number ≥ 0"),
        ("critical(f, [1, 1], tol=nan)", "tol", "a number ≥ 0"),
        ("classify(f, [1, 1], tol=nan)", "tol", "a number ≥ 0"),
        ("classify(f, [1, 1], gtol=-1)", "gtol", "a number ≥ 0"),
        ("spectrum(f, [1, 1], tol=nan)", "tol", "a number ≥ 0"),
        ("sgd(f, [1, 1], seed=nan)", "seed", "a whole number ≥ 0"),
        ("sgd(f, [1, 1], seed=1.5)", "seed", "a whole number ≥ 0"),
        ("gd(f, [1, 1], steps=-1)", "steps", "a whole number ≥ 0"),
        ("newton(f, [1, 1], damping=-1)", "damping", "a number ≥ 0"),
        ("newton(f, [1, 1], clip=0)", "clip", "a number > 0"),
        ("sfn(f, [1, 1], clip=inf)", "clip", "a number > 0"),
        ("sfn(f, [1, 1], damping=nan)", "damping", "a number ≥ 0"),
        ("sfn(f, [1, 1], krylov=-2)", "krylov", "a whole number from 0 to 100000"),
        ("sfhf(f, [1, 1], grading=0.5)", "grading", "a number in [1, 100]"),
        ("lbfgs(f, [1, 1], memory=0)", "memory", "a whole number from 1 to 10000"),
        ("spectrum(f, [1, 1], method=\"density\", probes=0)", "probes", "a whole number from 1 to 10000"),
        ("randn(3, seed=-1)", "seed", "a whole number ≥ 0"),
        ("hist([1, 2], bins=0)", "bins", "a whole number from 1 to 10000"),
        ("spectrum(f, [1, 1], method=\"lanzcos\")", "method", "one of \"full\", \"lanczos\", \"density\""),
        ("sfhf(f, [1, 1], basis=\"kept\")", "basis", "one of \"auto\", \"keep\", \"regenerate\""),
    ]

    @Test(arguments: badOptions.indices)
    func aBadOptionIsALocatedErrorNamingItsRange(_ i: Int) throws {
        let (call, option, range) = Self.badOptions[i]
        let source = "f(x, y) = x^2 + y^2\nr = " + call
        let e = try #require(failure(source), "\(call) was accepted")
        let name = String(call.prefix { $0 != "(" })
        #expect(e.message.hasPrefix("\(name): '\(option)' must be \(range), got "), "\(e.message)")
        // The caret is at the argument, on the call's line.
        let column = try #require(call.range(of: option + "=")).lowerBound.utf16Offset(in: call) + 1 + "r = ".count
        #expect(e.location.line == 2 && e.location.column == column, "\(call): \(e.location)")
    }

    /// A good value within each range still runs.
    @Test func valuesInRangeRun() throws {
        let setup = "f(x, y) = x^2 + y^2\n"
        for call in ["sgd(f, [1, 1], clip=1, momentum=0.9, lr=0.1, seed=3, quiet=true)", "gd(f, [1, 1], tol=0, steps=0, quiet=true)",
                     "newton(f, [1, 1], damping=\"auto\", quiet=true)", "sfhf(f, [1, 1], grading=1, quiet=true)"] {
            let r = try sfn(setup + call).value
            guard case .record = r else { Issue.record("\(call) gave \(r)"); continue }
        }
    }

    /// Every declared default lies in its declared range (a default outside would make every call
    /// that leaves the option out fail, or never be checked).
    @Test func everyDefaultIsInItsRange() {
        let registry = Interpreter().registry
        var checked = 0
        for name in registry.names {
            guard let b = registry[name] else { continue }
            for p in b.parameters {
                guard let accepted = p.accepted, let d = p.defaultValue else { continue }
                #expect(p.rangeError(d, of: name, at: SourceLocation(file: "", line: 1, column: 1)) == nil,
                        "\(name): \(p.name)=\(d) is not \(accepted.description)")
                checked += 1
            }
        }
        #expect(checked >= 30)
    }

    /// accuracy's class numbers must be class numbers: `accuracy([1, 2; 3, 4], [5, nan])` returned 0.
    @Test func accuracyRefusesLabelsThatAreNotClasses() throws {
        for labels in ["[5, nan]", "[0, 2]", "[0.5, 1]", "[0, -1]"] {
            let e = failure("accuracy([1, 2; 3, 4], \(labels))")
            #expect(e?.message.contains("class numbers 0 … 1") == true, "\(labels): \(e?.message ?? "accepted")")
        }
        let e = failure("accuracy([1, 2; 3, 4], [1, 0; nan, 1])")
        #expect(e?.message.contains("finite") == true, "\(e?.message ?? "accepted")")
        #expect(try number("accuracy([1, 2; 4, 3], [1, 0])") == 1)
        #expect(try number("accuracy([1, 2; 4, 3], [0, 1; 1, 0])") == 1)
    }
}
