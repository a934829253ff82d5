// LANGUAGE.md §6: built-in commands. Every row is called with the contract's argument names, and
// every record field the contract lists is checked by name and kind.
import Foundation
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot
import SFNMethods

/// The toy of the README: x² − y² + y⁴/4 (saddle at 0, minima at (0, ±√2)).
private let toy = "f(x, y) = x^2 - y^2 + y^4/4\n"

/// The optimiser record's fields and their kinds.
private let optimiserFields = [
    "x": "vector", "f": "number", "gnorm": "number", "steps": "number", "converged": "bool", "reason": "string",
    "history": "vector", "method": "string", "evals": "number", "hvps": "number", "seconds": "number",
]

/// The engine's field table, as the conformance tests see it: every contract field above is in it
/// with its kind, and the table marks exactly those as the contract's.
private let tableFields = Dictionary(uniqueKeysWithValues: MethodResult.fields.map { field in
    (field.name, field.kind == .point ? "vector" : field.kind.rawValue)
})

/// The classify record's fields and their kinds.
private let classifyFields = [
    "kind": "string", "index": "number", "alpha": "number", "eigenvalues": "vector", "gnorm": "number",
    "f": "number", "x": "vector",
]

private let reasons: Set<String> = ["converged", "max steps", "non-finite", "singular", "interrupted"]

/// Argument names a built-in declares.
private func parameterNames(_ name: String) -> [String]? { Interpreter().builtins[name]?.parameters.map(\.name) }

@Suite struct Conformance6Commands {
    // MARK: Names and argument names of every row that exists

    @Test func everyCommandRowExistsWithItsArgumentNames() {
        let rows: [(String, [String])] = [
            ("grad", ["f", "x"]), ("hessian", ["f", "x"]), ("hvp", ["f", "x", "v"]), ("eig", ["A"]),
            ("solve", ["A", "b"]), ("norm", ["x"]), ("dot", ["a", "b"]), ("all", ["c"]), ("any", ["c"]),
            ("eye", ["n"]), ("zeros", ["n", "m"]), ("ones", ["n"]), ("randn", ["n", "m", "seed"]), ("rand", []),
            ("reshape", ["x"]), ("size", ["x"]), ("length", ["x"]),
            ("classify", ["f", "x", "tol", "gtol", "quiet", "data"]),
            ("spectrum", ["f", "x", "method", "k", "bins", "quiet", "data"]),
            ("critical", ["f", "x0", "steps", "quiet", "data"]),
            ("check", ["f", "x", "data"]),
            ("gd", ["f", "x0", "lr", "steps", "tol", "quiet", "data"]),
            ("sgd", ["f", "x0", "lr", "momentum", "batch", "epochs", "clip", "seed", "steps", "tol", "quiet", "data"]),
            ("newton", ["f", "x0", "damping", "steps", "tol", "quiet", "data"]),
            ("sfn", ["f", "x0", "damping", "krylov", "inner", "escape", "steps", "tol", "quiet", "data"]),
            ("sfhf", ["f", "x0", "damping", "method", "ode_steps", "cg", "lr", "escape", "steps", "tol", "quiet", "data"]),
            ("arc", ["f", "x0", "sigma", "krylov", "escape", "steps", "tol", "quiet", "data"]),
            ("trust", ["f", "x0", "radius", "solver", "escape", "steps", "tol", "quiet", "data"]),
            ("lbfgs", ["f", "x0", "memory", "steps", "tol", "quiet", "data"]),
            ("mlp", ["act", "out"]), ("chain", []), ("dense", []), ("init", ["net", "seed"]),
            ("mse", ["pred", "target"]), ("crossentropy", ["logits", "onehot"]),
            ("load", ["target", "onehot"]), ("digits", []), ("subset", ["D", "rows"]),
            ("print", []), ("plot", ["file", "log", "title"]), ("hist", ["v", "bins", "log", "file"]),
            ("scatter", ["xs", "ys", "file"]), ("contour", ["f", "paths", "file"]), ("save", ["value"]),
        ]
        for (name, arguments) in rows {
            let declared = parameterNames(name)
            #expect(declared != nil, "built-in \(name) is missing")
            for a in arguments { #expect(declared?.contains(a) == true, "\(name) has no argument '\(a)'") }
        }
        let elementwise = "exp log sqrt abs sin cos tan atan tanh sigmoid relu softplus sum mean prod max min softmax logsumexp"
        for name in elementwise.split(separator: " ") {
            #expect(Interpreter().builtins[String(name)] != nil, "built-in \(name) is missing")
        }
    }

    // MARK: Derivatives and linear algebra

    @Test func gradHessianHvp() throws {
        #expect(try Conf.doubles(toy + "grad(f, [1, 2])") == [2, 4])
        #expect(try Conf.doubles(toy + "grad(f, x=[1, 2])") == [2, 4])
        #expect(try Conf.rows(toy + "hessian(f, [1, 2])") == [[2, 0], [0, 10]])
        #expect(try Conf.doubles(toy + "hvp(f, [1, 2], [1, 1])") == [2, 10])
        #expect(try Conf.doubles(toy + "hvp(f, [1, 2], v=[0, 1])") == [0, 10])
    }

    @Test func eigValuesAscendingVectorsAsMatchingColumns() throws {
        let r = try #require(try Conf.record("eig([2, 1, 0; 1, 2, 1; 0, 1, 2])"))
        let values = try #require(r["values"]?.doubles)
        let vectors = try #require(r["vectors"]?.matrixRows)
        #expect(values == values.sorted())
        #expect(Conf.close(values, [2 - 2.squareRoot(), 2, 2 + 2.squareRoot()], tol: 1e-12))
        let a: [[Double]] = [[2, 1, 0], [1, 2, 1], [0, 1, 2]]
        for j in 0..<3 {
            let v = (0..<3).map { vectors[$0][j] }  // column j
            let av = (0..<3).map { i in (0..<3).reduce(0) { $0 + a[i][$1] * v[$1] } }
            #expect(Conf.close(av, v.map { $0 * values[j] }, tol: 1e-12), "column \(j) is not the eigenvector of values[\(j)]")
            #expect(Conf.close(v.reduce(0) { $0 + $1 * $1 }, 1, tol: 1e-12))
        }
        #expect(try Conf.doubles("eig([3, 0; 0, -1]).values") == [-1, 3])
        #expect(try Conf.rows("abs(eig([3, 0; 0, -1]).vectors)") == [[0, 1], [1, 0]])
    }

    @Test func linearAlgebraRow() throws {
        #expect(try Conf.doubles("solve([2, 1; 1, 3], [3, 5])").map { Conf.close($0, [0.8, 1.4], tol: 1e-12) } == true)
        #expect(try Conf.number("norm([3, 4])") == 5)
        #expect(try Conf.number("norm([1, 2; 2, 4])") == 5)  // Frobenius
        #expect(try Conf.number("dot([1, 2], [3, 4])") == 11)
        #expect(try Conf.bool("all([1, 2] > 0)") == true)
        #expect(try Conf.bool("all([1, -2] > 0)") == false)
        #expect(try Conf.bool("any([1, -2] < 0)") == true)
        #expect(try Conf.bool("any([1, 2] < 0)") == false)
        #expect(try Conf.rows("eye(2)") == [[1, 0], [0, 1]])
        #expect(try Conf.doubles("zeros(3)") == [0, 0, 0])
        #expect(try Conf.rows("zeros(2, 3)") == [[0, 0, 0], [0, 0, 0]])
        #expect(try Conf.doubles("ones(2)") == [1, 1])
        #expect(try Conf.shape("ones(2, 3)") == [2, 3])
        #expect(try Conf.shape("randn(2, 3, seed=1)") == [2, 3])
        #expect(try Conf.doubles("randn(4, seed=5)") == (try Conf.doubles("randn(4, seed=5)")))  // reproducible
        #expect(try Conf.doubles("randn(4, seed=5)") != (try Conf.doubles("randn(4, seed=6)")))
        let u = try #require(try Conf.doubles("rand(1000)"))
        #expect(u.count == 1000 && u.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(try Conf.shape("rand(2, 3)") == [2, 3])
        #expect(try Conf.rows("reshape(1:6, 2, 3)") == [[1, 2, 3], [4, 5, 6]])  // row-major
        #expect(try Conf.doubles("size(zeros(2, 3))") == [2, 3])
        #expect(try Conf.doubles("size([1, 2, 3])") == [3])
        #expect(try Conf.number("length(1:7)") == 7)
        #expect(try Conf.number("length([\"a\", \"b\"])") == 2)
    }

    @Test func elementwiseAndReductions() throws {
        let cases: [(String, Double)] = [
            ("exp(0)", 1), ("log(1)", 0), ("sqrt(4)", 2), ("abs(-3)", 3), ("sin(0)", 0), ("cos(0)", 1),
            ("tan(0)", 0), ("atan(1)", Double.pi / 4), ("tanh(0)", 0), ("sigmoid(0)", 0.5), ("relu(-1)", 0),
            ("relu(2)", 2), ("softplus(0)", log(2)), ("sum([1, 2, 3])", 6), ("mean([1, 2, 3, 6])", 3),
            ("prod([2, 3, 4])", 24), ("max([1, 5, 2])", 5), ("min([4, 1, 3])", 1), ("logsumexp([0, 0])", log(2)),
            ("sum(softmax([1, 2, 3]))", 1), ("sum([1, 2; 3, 4])", 10),
        ]
        for (source, expected) in cases {
            #expect(Conf.close(try Conf.number(source), expected, tol: 1e-14), "\(source)")
        }
        // elementwise on tensors, max/min of two arguments elementwise
        #expect(try Conf.doubles("abs([-1, 2, -3])") == [1, 2, 3])
        #expect(try Conf.doubles("exp([0, 0])") == [1, 1])
        #expect(try Conf.doubles("max([1, 5], [3, 2])") == [3, 5])
        #expect(try Conf.doubles("min([1, 5], [3, 2])") == [1, 2])
        #expect(try Conf.doubles("softmax([0, 0])") == [0.5, 0.5])
        #expect(try Conf.rows("relu([-1, 2; 3, -4])") == [[0, 2], [3, 0]])
    }

    // MARK: Analysis

    @Test func classifyRecordAndKinds() throws {
        let r = try #require(try Conf.record(toy + "classify(f, [0, 0], tol=1e-6, gtol=1e-6, quiet=true)"))
        #expect(Conf.fieldKinds(r, classifyFields) == classifyFields)
        #expect(r["kind"]?.swiftValue as? String == "saddle")
        #expect(r["index"]?.number == 1)
        #expect(r["alpha"]?.number == 0.5)
        #expect(r["eigenvalues"]?.doubles == [-2, 2])
        #expect(r["gnorm"]?.number == 0)
        #expect(r["f"]?.number == 0)
        #expect(r["x"]?.doubles == [0, 0])
        let kinds: [(String, String)] = [
            ("f(x, y) = x^2 + y^2; classify(f, [0, 0], quiet=true)", "minimum"),
            ("f(x, y) = -x^2 - y^2; classify(f, [0, 0], quiet=true)", "maximum"),
            ("f(x, y) = x^2 - y^2; classify(f, [0, 0], quiet=true)", "saddle"),
            ("f(x, y) = x^3 - 3*x*y^2; classify(f, [0, 0], quiet=true)", "degenerate"),  // monkey saddle
            ("f(x, y) = x^2 + y^4; classify(f, [0, 0], quiet=true)", "degenerate"),      // flat minimum
            ("f(x, y) = x^2 + y^2; classify(f, [1, 0], quiet=true)", "not critical"),
        ]
        for (source, kind) in kinds { #expect(try Conf.string(source + ".kind") == kind, "\(source)") }
        // a saddle with a zero eigenvalue is still a saddle; index counts non-zero negatives; alpha = index / n
        let s = try #require(try Conf.record("f(x, y, z) = x^2 - y^2; classify(f, [0, 0, 0], quiet=true)"))
        #expect(s["kind"]?.swiftValue as? String == "saddle")
        #expect(s["index"]?.number == 1)
        #expect(Conf.close(s["alpha"]?.number, 1.0 / 3))
        #expect(s["eigenvalues"]?.doubles == [-2, 0, 2])
        #expect(try Conf.number("f(x, y) = -x^2 - 2*y^2; classify(f, [0, 0], quiet=true).index") == 2)
        #expect(try Conf.number("f(x, y) = -x^2 - 2*y^2; classify(f, [0, 0], quiet=true).alpha") == 1)
        // a gradient that is not zero is "not critical" whatever the Hessian
        #expect(try Conf.string("f(x, y) = x^2 - y^2; classify(f, [1, 1], quiet=true).kind") == "not critical")
    }

    @Test func classifyDefaultsTolAndGtol1e6() throws {
        // |λ| ≤ tol·max(1, max|λ|) counts as zero: 2e-7 is zero at the default tol = 1e-6 …
        let flat = "f(x, y) = x^2 + 1e-7 * y^2; "
        #expect(try Conf.string(flat + "classify(f, [0, 0], quiet=true).kind") == "degenerate")
        #expect(try Conf.string(flat + "classify(f, [0, 0], tol=1e-6, quiet=true).kind") == "degenerate")
        #expect(try Conf.string(flat + "classify(f, [0, 0], tol=1e-8, quiet=true).kind") == "minimum")
        // … and the tolerance is relative to max(1, max|λ|): 2e-3 is zero beside 2e4, not beside 2
        #expect(try Conf.string("f(x, y) = x^2 + 1e-3 * y^2; classify(f, [0, 0], quiet=true).kind") == "minimum")
        #expect(try Conf.string("f(x, y) = 1e4 * x^2 + 1e-3 * y^2; classify(f, [0, 0], quiet=true).kind") == "degenerate")
        #expect(try Conf.string("f(x, y) = 1e4 * x^2 + 1e-3 * y^2; classify(f, [0, 0], tol=1e-8, quiet=true).kind") == "minimum")
        // gnorm > gtol is "not critical": |∇| = 8e-7 passes the default gtol = 1e-6, 1.2e-6 does not
        let bowl = "f(x, y) = x^2 + y^2; "
        #expect(try Conf.string(bowl + "classify(f, [4e-7, 0], quiet=true).kind") == "minimum")
        #expect(try Conf.string(bowl + "classify(f, [6e-7, 0], quiet=true).kind") == "not critical")
        #expect(try Conf.string(bowl + "classify(f, [6e-7, 0], gtol=1e-5, quiet=true).kind") == "minimum")
    }

    @Test func spectrumFull() throws {
        let r = try #require(try Conf.record(toy + "spectrum(f, [0, 0], method=\"full\", bins=10, quiet=true)"))
        let want = ["eigenvalues": "vector", "min": "number", "max": "number", "alpha": "number", "near_zero": "number"]
        #expect(Conf.fieldKinds(r, want) == want)
        #expect(r["eigenvalues"]?.doubles == [-2, 2])
        #expect(r["min"]?.number == -2)
        #expect(r["max"]?.number == 2)
        #expect(r["alpha"]?.number == 0.5)
        #expect(r["near_zero"]?.number == 0)
        #expect(try Conf.number("f(x, y, z) = x^2 - y^2; spectrum(f, [0, 0, 0], quiet=true).near_zero") == 1)
        #expect(try Conf.doubles(toy + "spectrum(f, [0, 0], quiet=true).eigenvalues") == [-2, 2])  // method="full" is the default
        // prints a histogram unless quiet
        let out = try Conf.output(toy + "spectrum(f, [0, 0], bins=4);")
        #expect(out.split(separator: "\n").count >= 2)
    }

    @Test func spectrumLanczos() throws {
        let src = "f(w) = sum([1, 2, 3, 4, 5] * w^2) / 2; spectrum(f, zeros(5), method=\"lanczos\", k=5, quiet=true)"
        let r = try #require(try Conf.record(src))
        let want = ["ritz": "vector", "min": "number", "max": "number", "alpha": "number", "near_zero": "number"]
        #expect(Conf.fieldKinds(r, want) == want)
        #expect(Conf.close(r["ritz"]?.doubles, [1, 2, 3, 4, 5], tol: 1e-8))
        #expect(Conf.close(r["min"]?.number, 1, tol: 1e-8))
        #expect(Conf.close(r["max"]?.number, 5, tol: 1e-8))
        let k2 = try Conf.doubles("f(w) = sum([1, 2, 3, 4, 5] * w^2) / 2; spectrum(f, zeros(5), method=\"lanczos\", k=2, quiet=true).ritz")
        #expect(k2?.count == 2)
    }

    @Test
    func spectrumDensity() throws {
        let src = "f(w) = sum([1, 2, 3, 4, 5] * w^2) / 2; spectrum(f, zeros(5), method=\"density\", k=5, bins=20, quiet=true)"
        let r = try #require(try Conf.record(src))
        let want = ["grid": "vector", "density": "vector", "min": "number", "max": "number", "alpha": "number", "near_zero": "number"]
        #expect(Conf.fieldKinds(r, want) == want)
        #expect(r["grid"]?.doubles?.count == r["density"]?.doubles?.count)
    }

    @Test func criticalRecordAndDefaultSteps50() throws {
        let r = try #require(try Conf.record(toy + "critical(f, [0.1, 0.1], steps=50, quiet=true)"))
        let want = classifyFields.merging(["steps": "number", "converged": "bool"]) { a, _ in a }
        #expect(Conf.fieldKinds(r, want) == want)
        #expect(r["kind"]?.swiftValue as? String == "saddle")  // Newton on purpose: the nearest critical point
        #expect(r["index"]?.number == 1)
        #expect(r["converged"]?.swiftValue as? Bool == true)
        // steps defaults to 50: x⁴ from 1e10 needs about 74 Newton steps
        #expect(try Conf.number("f(x) = x^4; critical(f, [1e10], quiet=true).steps") == 50)
        #expect(try Conf.bool("f(x) = x^4; critical(f, [1e10], quiet=true).converged") == false)
        #expect(try Conf.bool("f(x) = x^4; critical(f, [1e10], steps=200, quiet=true).converged") == true)
    }

    @Test func checkRecord() throws {
        let r = try #require(try Conf.record(toy + "check(f, [1, 2], quiet=true)"))
        let want = ["ok": "bool", "grad_err": "number", "hvp_err": "number", "hessian_err": "number"]
        #expect(Conf.fieldKinds(r, want) == want)
        #expect(r["ok"]?.swiftValue as? Bool == true)
        #expect((r["grad_err"]?.number ?? 1) < 1e-6)
        #expect((r["hvp_err"]?.number ?? 1) < 1e-6)
        #expect((r["hessian_err"]?.number ?? 1) < 1e-6)
    }

    // MARK: Optimisers

    @Test func theFieldTableIsTheContractsList() {
        #expect(Set(MethodResult.fields.filter(\.isContract).map(\.name)) == Set(optimiserFields.keys))
        for (name, kind) in optimiserFields { #expect(tableFields[name] == kind, "\(name)") }
        // :help lists every field of the table.
        let help = BuiltinRegistry.core["sfn"]?.helpText ?? ""
        for field in MethodResult.fields { #expect(help.contains("  \(field.name): "), "\(field.name)") }
    }

    @Test func everyOptimiserRecord() throws {
        for (command, method) in [("gd", "gd"), ("sgd", "sgd"), ("newton", "newton"), ("sfn", "sfn"), ("sfhf", "sfhf"), ("lbfgs", "lbfgs"),
                                  ("arc", "arc"), ("trust", "trust"), ("rsfn", "rsfn")] {
            let r = try #require(try Conf.record(toy + "\(command)(f, [1, 0.1], steps=20, tol=1e-8, quiet=true)"), "\(command)")
            #expect(Conf.fieldKinds(r, optimiserFields) == optimiserFields, "\(command)")
            // The fields beyond the contract that the table lists, where the record has them.
            for (name, kind) in tableFields where optimiserFields[name] == nil && r[name] != nil {
                #expect(Conf.fieldKinds(r, [name: kind]) == [name: kind], "\(command): \(name)")
            }
            #expect(r["method"]?.swiftValue as? String == method)
            let steps = Int(r["steps"]?.number ?? -1)
            #expect(steps >= 0 && steps <= 20, "\(command)")
            #expect(r["history"]?.doubles?.count == steps + 1, "\(command): history is f at the start and after each step")
            #expect(r["history"]?.doubles?.last == r["f"]?.number, "\(command)")
            #expect(reasons.contains(r["reason"]?.swiftValue as? String ?? ""), "\(command)")
            let converged = r["converged"]?.swiftValue as? Bool
            #expect(converged == (r["reason"]?.swiftValue as? String == "converged"), "\(command)")
            #expect((r["evals"]?.number ?? 0) >= 1, "\(command)")
            #expect((r["seconds"]?.number ?? -1) >= 0, "\(command)")
            #expect(r["x"]?.doubles?.count == 2, "\(command)")
        }
        // first-order methods use no Hessian-vector products; Newton counts a full Hessian as m
        #expect(try Conf.number(toy + "gd(f, [1, 0.1], steps=5, quiet=true).hvps") == 0)
        #expect(try Conf.number(toy + "lbfgs(f, [1, 0.1], steps=5, quiet=true).hvps") == 0)
        let hvps = try #require(try Conf.number("f(x, y, z) = x^2 + y^2 + z^4; newton(f, [1, 1, 1], steps=3, quiet=true).hvps"))
        #expect(hvps >= 3 && hvps.truncatingRemainder(dividingBy: 3) == 0)
    }

    @Test func optimiserReportsUnlessQuiet() throws {
        for command in ["gd", "sgd", "newton", "sfn", "sfhf", "lbfgs", "arc", "trust", "rsfn"] {
            #expect(try Conf.output(toy + "\(command)(f, [1, 0.1], steps=5, quiet=true);") == "", "\(command)")
            let out = try Conf.output(toy + "\(command)(f, [1, 0.1], steps=5);")
            #expect(out.contains(command), "\(command): a summary line naming the method")
            #expect(!out.isEmpty)
        }
        for source in ["classify(f, [0, 0]", "spectrum(f, [0, 0]", "critical(f, [0.1, 0.1]", "check(f, [1, 2]"] {
            #expect(try Conf.output(toy + source + ", quiet=true);") == "", "\(source)")
            #expect(try !Conf.output(toy + source + ");").isEmpty, "\(source)")
        }
    }

    @Test func defaultStepsIs100() throws {
        let slow = "f(x) = x^2 / 2; "
        let r = try #require(try Conf.record(slow + "gd(f, [1], quiet=true)"))
        #expect(r["steps"]?.number == 100)
        #expect(r["reason"]?.swiftValue as? String == "max steps")
        #expect(r["converged"]?.swiftValue as? Bool == false)
        #expect(r["history"]?.doubles?.count == 101)
        // softplus has no minimum: with tol=0 every method runs out of steps
        for command in ["gd", "sgd", "newton", "sfn", "sfhf", "lbfgs", "arc", "trust", "rsfn"] {
            let r = try #require(try Conf.record("f(x) = softplus(x); \(command)(f, [0], tol=0, quiet=true)"))
            #expect(r["steps"]?.number == 100, "\(command)")
            #expect(r["reason"]?.swiftValue as? String == "max steps", "\(command)")
        }
        #expect(try Conf.number("f(x) = x^2 / 2; gd(f, [1], steps=7, quiet=true).steps") == 7)
    }

    @Test func defaultTolIs1e8() throws {
        // gd with lr=0.5 on x²/2 halves |∇f| each step: 2⁻²⁷ ≤ 1e-8 < 2⁻²⁶
        let q = "f(x) = x^2 / 2; "
        #expect(try Conf.number(q + "gd(f, [1], lr=0.5, quiet=true).steps") == 27)
        #expect(try Conf.number(q + "gd(f, [1], lr=0.5, tol=1e-8, quiet=true).steps") == 27)
        #expect(try Conf.number(q + "gd(f, [1], lr=0.5, tol=1e-4, quiet=true).steps") == 14)
        let r = try #require(try Conf.record(q + "gd(f, [1], lr=0.5, quiet=true)"))
        #expect(r["reason"]?.swiftValue as? String == "converged")
        #expect(r["converged"]?.swiftValue as? Bool == true)
        #expect((r["gnorm"]?.number ?? 1) <= 1e-8)
    }

    @Test func gdDefaultLr001() throws {
        #expect(try Conf.doubles("f(x) = x^2 / 2; gd(f, [1], steps=1, quiet=true).x") == [0.99])
        #expect(try Conf.doubles("f(x) = x^2 / 2; gd(f, [1], lr=0.01, steps=1, quiet=true).x") == [0.99])
        #expect(try Conf.doubles("f(x) = x^2 / 2; gd(f, [1], lr=0.5, steps=1, quiet=true).x") == [0.5])
    }

    @Test func sgdOptions() throws {
        let q = "f(x) = x^2 / 2; "
        #expect(try Conf.doubles(q + "sgd(f, [1], steps=1, quiet=true).x") == [0.99])            // lr=0.01, momentum=0
        #expect(try Conf.doubles(q + "sgd(f, [1], steps=2, quiet=true).x") == [0.99 * 0.99])
        #expect(Conf.close(try Conf.doubles(q + "sgd(f, [1], lr=0.01, momentum=0.9, steps=2, quiet=true).x")?.first, 0.9711, tol: 1e-12))
        #expect(try Conf.doubles("f(x) = 5 * x^2; sgd(f, [1], lr=0.1, clip=0.5, steps=1, quiet=true).x") == [0.95])
        #expect(try Conf.string(q + "sgd(f, [1], seed=3, steps=1, quiet=true).method") == "sgd")
    }

    @Test
    func sgdMinibatches() throws {
        let prelude = "D = record(x=[1, 2, 3, 4], y=[2, 4, 6, 8], n=4)\nloss(w, batch) = mean((w * batch.x - batch.y)^2)\n"
        let r = try #require(try Conf.record(prelude + "sgd(loss, [0], data=D, lr=0.01, batch=2, epochs=3, seed=1, quiet=true)"))
        #expect(Conf.fieldKinds(r, optimiserFields) == optimiserFields)
        #expect((r["steps"]?.number ?? 0) >= 3)
    }

    @Test func newtonDampingDefault0() throws {
        // damping=0 is the pure step −H⁻¹g: onto the saddle of a quadratic in one step
        let q = "f(x, y) = x^2 - y^2; "
        let pure = try #require(try Conf.record(q + "newton(f, [1, 1], quiet=true)"))
        #expect(pure["x"]?.doubles == [0, 0])
        #expect(pure["steps"]?.number == 1)
        #expect(pure["converged"]?.swiftValue as? Bool == true)
        #expect(try Conf.doubles(q + "newton(f, [1, 1], damping=0, quiet=true).x") == [0, 0])
        #expect(try Conf.doubles(q + "newton(f, [1, 1], damping=1, steps=1, quiet=true).x") != [0, 0])  // fixed (H + λI)
        #expect(try Conf.string(toy + "newton(f, [1, 0.1], damping=\"auto\", quiet=true).method") == "newton")
        // a singular system stops with reason "singular"
        #expect(try Conf.string("f(x, y) = x^2; newton(f, [1, 1], quiet=true).reason") == "singular")
        let help = Interpreter().builtins["newton"]?.helpText ?? ""
        #expect(help.contains("H + λI") || help.contains("H+λI"))
    }

    @Test func sfnDefaultsAndEscape() throws {
        let same = try Conf.number(toy + "sfn(f, [1, 0.1], quiet=true).evals")
        #expect(same == (try Conf.number(toy + "sfn(f, [1, 0.1], damping=\"auto\", krylov=0, inner=1, escape=true, quiet=true).evals")))
        #expect(try Conf.number(toy + "sfn(f, [1, 0.1], damping=0.5, quiet=true).evals") != same)
        // saddle-free: from near the saddle it reaches a minimum, f = −1
        let r = try #require(try Conf.record(toy + "sfn(f, [1, 0.001], quiet=true)"))
        #expect(r["converged"]?.swiftValue as? Bool == true)
        #expect(Conf.close(r["f"]?.number, -1, tol: 1e-8))
        // escape=true (default) leaves an exact saddle along the negative-curvature direction …
        #expect(Conf.close(try Conf.number(toy + "sfn(f, [0, 0], quiet=true).f"), -1, tol: 1e-8))
        // … escape=false reports it as converged where it stands
        let stuck = try #require(try Conf.record(toy + "sfn(f, [0, 0], escape=false, quiet=true)"))
        #expect(stuck["f"]?.number == 0)
        #expect(stuck["converged"]?.swiftValue as? Bool == true)
        let help = Interpreter().builtins["sfn"]?.helpText ?? ""
        #expect(help.contains("|H|"))
    }

    @Test
    func sfnKrylov() throws {
        let r = try #require(try Conf.record(toy + "sfn(f, [1, 0.001], krylov=2, inner=1, steps=100, quiet=true)"))
        #expect(Conf.fieldKinds(r, optimiserFields) == optimiserFields)
        #expect(Conf.close(r["f"]?.number, -1, tol: 1e-6))
        let big = "f(w) = sum(w^2) - 2 * w[1]^2 + w[1]^4 / 4; sfn(f, [0.1, 1, 1, 1, 1, 1], krylov=3, inner=2, quiet=true)"
        #expect(Conf.close(try Conf.record(big)?["f"]?.number, -1, tol: 1e-6))
    }

    /// clip= on newton and sfn (beyond the contract, as sgd's clip): a longer step is scaled to it.
    @Test func newtonAndSfnClip() throws {
        let quad = "f(x, y) = x^2 + 2*y^2\n"
        for call in ["newton(f, [3, 4], clip=0.5, steps=1, quiet=true)", "sfn(f, [3, 4], damping=0, clip=0.5, steps=1, quiet=true)",
                     "sfn(f, [3, 4], damping=0, krylov=2, clip=0.5, steps=1, quiet=true)"] {
            let x = try #require(try Conf.record(quad + call)?["x"]?.doubles, "\(call)")
            #expect(Conf.close(x, [2.7, 3.6], tol: 1e-12), "\(call): \(x)")
        }
        let bad = try #require(Conf.error(quad + "sfn(f, [3, 4], clip=-1)"))
        #expect(bad.message == "sfn: clip must be a positive number, got -1")
        #expect(bad.location.line == 2)
    }

    @Test
    func sfhf() throws {
        let r = try #require(try Conf.record(toy + "sfhf(f, [1, 0.001], damping=\"auto\", method=\"lanczos\", ode_steps=20, cg=250, lr=1, quiet=true)"))
        #expect(Conf.fieldKinds(r, optimiserFields) == optimiserFields)
        #expect(r["method"]?.swiftValue as? String == "sfhf")
        #expect(Conf.close(r["f"]?.number, -1, tol: 1e-4))
        #expect(r["lanczos_steps"]?.number ?? 0 > 0)
        // The paper's route, and the default is the Lanczos one.
        let ode = try #require(try Conf.record(toy + "sfhf(f, [1, 0.001], method=\"ode\", quiet=true)"))
        #expect(Conf.close(ode["f"]?.number, -1, tol: 1e-4))
        #expect(ode["ode_steps"]?.number ?? 0 > 0 && ode["cg_iters"] != nil && ode["lanczos_steps"] == nil)
        let byDefault = try #require(try Conf.record(toy + "sfhf(f, [1, 0.001], quiet=true)"))
        #expect(byDefault["hvps"]?.number == r["hvps"]?.number && byDefault["lanczos_steps"] != nil)
        let bad = try #require(Conf.error(toy + "sfhf(f, [1, 0.1], method=\"rk4\")"))
        #expect(bad.message == "sfhf: method must be \"lanczos\" or \"ode\", got \"rk4\"")
        #expect(bad.location.line == 2 && bad.location.column == 19, "\(bad.location)")
        #expect(try Conf.number(toy + "sfhf(f, [1, 0.1], quiet=true).steps") ?? 0 <= 100)
        #expect(try Conf.output(toy + "sfhf(f, [1, 0.1], steps=3, quiet=true);") == "")
        let help = Interpreter().builtins["sfhf"]?.helpText ?? ""
        #expect(help.contains("H²") || help.contains("H^2"))
    }

    /// arc, trust and rsfn: their own record fields, the exact saddle left from H·v products only
    /// (escape=true by default, as for sfhf), and their options checked where they are read.
    @Test func arcTrustAndRsfn() throws {
        for (call, field) in [("arc(f, [0, 0], sigma=1, krylov=50, escape=true", "sigma"),
                              ("trust(f, [0, 0], radius=1, solver=\"cg\", escape=true", "radius"),
                              ("trust(f, [0, 0], solver=\"lanczos\"", "radius"), ("rsfn(f, [0, 0], c=1", "c"),
                              ("sfhf(f, [0, 0], escape=true", "escapes")] {
            let r = try #require(try Conf.record(toy + call + ", quiet=true)"), "\(call)")
            #expect(Conf.fieldKinds(r, optimiserFields) == optimiserFields, "\(call)")
            #expect(r[field]?.number != nil, "\(call): \(field)")
            #expect(r["escapes"]?.number ?? 0 >= 1, "\(call)")
            #expect(r["converged"]?.swiftValue as? Bool == true, "\(call)")
            #expect(Conf.close(r["f"]?.number, -1, tol: 1e-10), "\(call)")
            let stays = try #require(try Conf.record(toy + call.replacingOccurrences(of: ", escape=true", with: "")
                                                     + ", escape=false, quiet=true)"))
            #expect(stays["steps"]?.number == 0 && stays["f"]?.number == 0, "\(call)")
        }
        let bad = try #require(Conf.error(toy + "trust(f, [1, 0.1], solver=\"exact\")"))
        #expect(bad.message == "trust: solver must be \"cg\" or \"lanczos\", got \"exact\"")
        let negative = try #require(Conf.error(toy + "arc(f, [1, 0.1], sigma=0)"))
        #expect(negative.message == "arc: sigma must be a positive number, got 0")
        for name in ["arc", "trust", "rsfn"] {
            let help = Interpreter().builtins[name]?.helpText ?? ""
            #expect(help.contains("Cost per step") && help.contains("Guarantee") && help.contains("escape=true"), "\(name)")
        }
    }

    @Test func lbfgsMemoryDefault10() throws {
        let rosen = "f(x, y) = 100 * (y - x^2)^2 + (1 - x)^2; "
        let byDefault = try #require(try Conf.record(rosen + "lbfgs(f, [-1.2, 1], quiet=true)"))
        let ten = try #require(try Conf.record(rosen + "lbfgs(f, [-1.2, 1], memory=10, quiet=true)"))
        let one = try #require(try Conf.record(rosen + "lbfgs(f, [-1.2, 1], memory=1, quiet=true)"))
        #expect(byDefault["evals"]?.number == ten["evals"]?.number)
        #expect(byDefault["x"]?.doubles == ten["x"]?.doubles)
        #expect(one["evals"]?.number != ten["evals"]?.number)
        #expect(Conf.close(ten["x"]?.doubles, [1, 1], tol: 1e-6))
    }

    @Test func nonFiniteStopsTheRun() throws {
        let cases = [
            "gd(x -> x^4, [3], lr=10, quiet=true)",
            "gd(x -> x^4, [3], lr=1e6, quiet=true)",
            "gd(x -> log(x), [0.5], lr=1, quiet=true)",
            "sgd(x -> x^4, [3], lr=10, quiet=true)",
        ]
        for source in cases {
            let r = try #require(try Conf.record(source), "\(source)")
            #expect(r["reason"]?.swiftValue as? String == "non-finite", "\(source)")
            #expect(r["converged"]?.swiftValue as? Bool == false, "\(source)")
            #expect(Conf.fieldKinds(r, optimiserFields) == optimiserFields, "\(source)")
            // the record keeps the last finite point
            #expect(r["x"]?.doubles?.allSatisfy(\.isFinite) == true, "\(source)")
        }
    }

    // MARK: Networks and data

    @Test
    func mlpInitLosses() throws {
        let net = "net = mlp([4, 3, 2], act=tanh, out=linear)\n"
        #expect(try Conf.number(net + "net.size") == 23)  // 4·3 + 3 + 3·2 + 2
        #expect(try Conf.number(net + "length(init(net, seed=0))") == 23)
        #expect(try Conf.doubles(net + "init(net, seed=0)") == (try Conf.doubles(net + "init(net, seed=0)")))
        #expect(try Conf.doubles(net + "init(net, seed=0)") != (try Conf.doubles(net + "init(net, seed=1)")))
        #expect(try Conf.shape(net + "w = init(net, seed=0); net(w, ones(5, 4))") == [5, 2])
        #expect(try Conf.number("mse([1, 2; 3, 4], [1, 2; 3, 4])") == 0)
        #expect((try Conf.number("mse([0, 0; 0, 0], [1, 1; 1, 1])") ?? 0) > 0)
        #expect(Conf.close(try Conf.number("crossentropy([0, 0; 0, 0], [1, 0; 0, 1])"), log(2), tol: 1e-12))
        // a network objective trains: θ = w, data= supplies the batch
        let train = net + """
            D = record(x=randn(8, 4, seed=1), y=randn(8, 2, seed=2), n=8)
            loss(w, batch) = mse(net(w, batch.x), batch.y)
            w0 = init(net, seed=0)
            r = gd(loss, w0, data=D, lr=0.1, steps=20, quiet=true)
            r.f < r.history[1]
            """
        #expect(try Conf.bool(train) == true)
    }

    @Test
    func chainDense() throws {
        let net = "net = chain(dense(4, 3, tanh), dense(3, 2))\n"
        #expect(try Conf.number(net + "net.size") == 23)
        #expect(try Conf.shape(net + "net(init(net, seed=0), ones(5, 4))") == [5, 2])
    }

    @Test
    func loadCSV() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Conf.write("a,b,label\n1,2,0\n3,4,1\n5,6,2\n", to: "tiny.csv", in: dir)
        let r = try #require(try Conf.record("load(\"\(path)\", target=\"label\", onehot=true)"))
        let want = ["x": "matrix", "y": "matrix", "n": "number"]
        #expect(Conf.fieldKinds(r, want) == want)
        #expect(r["n"]?.number == 3)
        #expect(r["x"]?.matrixRows == [[1, 2], [3, 4], [5, 6]])
        #expect(r["y"]?.matrixRows == [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
    }

    @Test
    func digitsAndSubset() throws {
        let d = try #require(try Conf.record("digits()"))
        #expect(d["n"]?.number == 1797)
        let x = try #require(d["x"]?.matrixRows)
        #expect(x.count == 1797 && x[0].count == 64)
        #expect(x.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 <= 1 } })
        let y = try #require(d["y"]?.matrixRows)
        #expect(y.count == 1797 && y[0].count == 10)
        #expect(y.allSatisfy { $0.reduce(0, +) == 1 })  // one-hot
        let s = try #require(try Conf.record("subset(digits(), 1:10)"))
        #expect(s["n"]?.number == 10)
        #expect(s["x"]?.matrixRows == Array(x[0..<10]))
    }

    // MARK: Output

    @Test func printSeparatesBySpaces() throws {
        #expect(try Conf.output("print(1, \"two\", [3, 4], true)") == "1 two [3, 4] true\n")
        #expect(try Conf.output("print()") == "\n")
        #expect(Conf.kind(try Conf.value("print(1)")) == "nothing")
    }

    @Test
    func plotLearningCurves() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let svg = dir.appendingPathComponent("curves.svg").path
        let runs = toy + "r1 = gd(f, [1, 0.1], quiet=true); r2 = sfn(f, [1, 0.1], quiet=true)\n"
        #expect(try !Conf.output(runs + "plot(r1, r2, log=true, title=\"toy\");").isEmpty)  // in the terminal
        try Conf.run(runs + "plot(r1, r2, file=\"\(svg)\", log=true, title=\"toy\");")
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
        #expect(try !Conf.output("plot([3, 2, 1]);").isEmpty)  // vectors too
    }

    @Test
    func histAndScatter() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try !Conf.output("hist(randn(100, seed=1), bins=30, log=true);").isEmpty)
        #expect(try !Conf.output("scatter([1, 2, 3], [3, 1, 2]);").isEmpty)
        let h = dir.appendingPathComponent("h.svg").path, s = dir.appendingPathComponent("s.svg").path
        try Conf.run("hist(randn(100, seed=1), bins=10, file=\"\(h)\"); scatter([1, 2, 3], [3, 1, 2], file=\"\(s)\");")
        #expect(try String(contentsOfFile: h, encoding: .utf8).contains("<svg"))
        #expect(try String(contentsOfFile: s, encoding: .utf8).contains("<svg"))
    }

    @Test
    func contourWithPaths() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let c = dir.appendingPathComponent("c.svg").path
        let runs = toy + "r1 = gd(f, [1, 0.1], quiet=true); r2 = sfn(f, [1, 0.1], quiet=true)\n"
        #expect(try !Conf.output(runs + "contour(f, [-2, 2], [-2, 2], paths=[r1, r2]);").isEmpty)
        try Conf.run(runs + "contour(f, [-2, 2], [-2, 2], paths=[r1, r2], file=\"\(c)\");")
        #expect(try String(contentsOfFile: c, encoding: .utf8).contains("<svg"))
    }

    @Test
    func saveAsJSON() throws {
        let dir = Conf.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.json").path
        try Conf.run(toy + "r = classify(f, [0, 0], quiet=true); save(record(r=r, v=[1, 2], s=\"x\", b=true), \"\(path)\")")
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["v"] as? [Double] == [1, 2])
        #expect(json["s"] as? String == "x")
        #expect((json["r"] as? [String: Any])?["kind"] as? String == "saddle")
    }
}
