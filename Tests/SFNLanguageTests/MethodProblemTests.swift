// Every optimiser the registry holds on every problem of the tests' problem set, after Optim.jl's
// run_optim_tests: the record is checked field by field, and f never rises where the method
// promises that it does not. The optimisers come from the registry (Builtin.Category.optimiser),
// so a new one runs here as soon as it is declared, and fails until it states its promise below.
import Testing
@testable import SFNLanguage

/// What an optimiser promises about f along its run (LANGUAGE.md §6 and each command's :help).
enum DescentPromise {
    /// f never rises (up to rounding): the auto damping ladder, the line searches, the rejected
    /// trials of sfhf.
    case always
    /// f never rises on a convex problem whose gradient's Lipschitz constant L is below 1/lr (the
    /// default lr = 0.01, and every convex problem here has L < 100).
    case onConvex
    /// No promise: fixed steps (damping=0, momentum) may raise f.
    case none
}

@Suite struct MethodProblemTests {
    /// The tests' problem set in sfn source: Problems.swift and ScalableProblems.swift of
    /// SFNMethodsTests, small. Each defines f of one vector and gives a start.
    static let problems: [(name: String, source: String, x0: String, convex: Bool)] = [
        ("quadratic", "f(w) = w[1]^2 + 10 * w[2]^2", "[1, 1]", true),
        ("rotated quadratic",
         "S = randn(6, 6, seed=3)\nU = eig(S + S').vectors\nQ = U @ diag([0.5, 1, 2, 4, 8, 16]) @ U'\nb = randn(6, seed=4)\nf(w) = 0.5 * dot(w, Q @ w) + dot(b, w)",
         "ones(6)", true),
        ("logistic regression",
         "X = randn(20, 3, seed=5)\nt = 0.5 + 0.5 * sign(randn(20, seed=6))\nf(w) = mean(softplus(X @ w) - t * (X @ w)) + 0.05 * sum(w^2)",
         "[1, -1, 0.5]", true),
        ("saddle", "f(w) = w[1]^2 - w[2]^2", "[1, 0.1]", false),
        ("quartic saddle", "f(w) = w[1]^2 - w[2]^2 + w[2]^4 / 4", "[1, 0.1]", false),
        ("monkey saddle", "f(w) = w[1]^3 - 3 * w[1] * w[2]^2", "[0.5, 0.2]", false),
        ("mexican hat", "f(w) = (w[1]^2 + w[2]^2 - 1)^2", "[0.1, 0.05]", false),
        ("rosenbrock", "f(w) = (1 - w[1])^2 + 100 * (w[2] - w[1]^2)^2", "[-1.2, 1]", false),
        ("beale", "f(w) = (1.5 - w[1] + w[1]*w[2])^2 + (2.25 - w[1] + w[1]*w[2]^2)^2 + (2.625 - w[1] + w[1]*w[2]^3)^2", "[1, 1]", false),
        ("powell badly scaled", "f(w) = (1e4 * w[1] * w[2] - 1)^2 + (exp(-w[1]) + exp(-w[2]) - 1.0001)^2", "[0, 1]", false),
        ("logarithm", "f(w) = log(w[1])", "[1]", false),
        ("rotated quartic saddles",
         "S = randn(4, 4, seed=8)\nR = eig(S + S').vectors\nq(x, y) = x^2 - y^2 + y^4 / 4\nf(w) = q((R @ w)[1], (R @ w)[2]) + q((R @ w)[3], (R @ w)[4])",
         "[0.1, 0.2, -0.1, 0.3]", false),
        ("extended rosenbrock", "f(w) = sum(100 * (w[2*i] - w[2*i - 1]^2)^2 + (1 - w[2*i - 1])^2 for i in 1:3)",
         "[-1.2, 1, -1.2, 1, -1.2, 1]", false),
        ("mlp",
         "net = mlp([2, 3, 2])\nX = randn(8, 2, seed=7)\nY = reshape([1, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1], 8, 2)\nf(w) = crossentropy(net(w, X), Y)",
         "init(net, seed=1)", false),
    ]

    /// Each optimiser's runs: its options (the defaults first) and what each promises. Every
    /// optimiser in the registry must have an entry.
    static let variants: [String: [(options: String, promise: DescentPromise)]] = [
        "gd": [("", .onConvex)],
        "sgd": [("", .onConvex), ("momentum=0.9", .none)],
        "newton": [("", .none), (#"damping="auto""#, .always)],
        "sfn": [("", .always), ("krylov=2", .always), ("krylov=2, inner=2", .always), ("escape=false", .always)],
        "sfhf": [("", .always), (#"method="ode", ode_steps=4, cg=30"#, .always)],
        "lbfgs": [("", .always)],
        // The model methods accept a step only when f falls (ratio test, Armijo), beyond a rise of
        // 10ε·max(1, |f|) where the predicted decrease is below what f can show: within the 1e-12 above.
        "arc": [("", .always), ("escape=false", .always)],
        "trust": [("", .always), (#"solver="lanczos""#, .always)],
        "rsfn": [("", .always)],
    ]

    static let steps = 12, tol = 1e-10

    @Test(arguments: Family.names(.optimiser))
    func everyProblem(_ method: String) throws {
        let runs = try #require(Self.variants[method], "\(method): say in MethodProblemTests.variants what it promises about f")
        for (options, promise) in runs {
            for p in Self.problems {
                let call = "\(method)(f, x0, \(options.isEmpty ? "" : options + ", ")steps=\(Self.steps), tol=\(Self.tol), quiet=true)"
                try Self.check(call, on: p, method: method, promise: promise)
            }
        }
    }

    /// One run: the record's fields, their kinds and their agreement with f itself.
    static func check(_ call: String, on p: (name: String, source: String, x0: String, convex: Bool),
                      method: String, promise: DescentPromise) throws {
        let what = "\(call) on \(p.name)"
        let program = p.source + "\nx0 = \(p.x0)\nr = \(call)\n"
        let r = try #require(try Conf.record(program + "r"), "\(what): no record")
        #expect(Conf.fieldKinds(r, optimiserFields) == optimiserFields, "\(what)")
        #expect(r["method"]?.swiftValue as? String == method, "\(what)")
        let reason = r["reason"]?.swiftValue as? String ?? ""
        #expect(reasons.contains(reason), "\(what): reason \(reason)")
        #expect(r["converged"]?.swiftValue as? Bool == (reason == "converged"), "\(what)")

        let steps = try #require(r["steps"]?.number)
        #expect(steps == steps.rounded() && steps >= 0 && steps <= Double(Self.steps), "\(what): steps \(steps)")
        let history = try #require(r["history"]?.doubles)
        #expect(history.count == Int(steps) + 1, "\(what): history has \(history.count) entries for \(steps) steps")
        #expect(history.allSatisfy { $0.isFinite }, "\(what): history \(history)")
        let f = try #require(r["f"]?.number), gnorm = try #require(r["gnorm"]?.number)
        #expect(history.last == f, "\(what): history ends at \(String(describing: history.last)), f = \(f)")
        let x = try #require(r["x"]?.doubles)
        let x0 = try #require(try Conf.doubles(p.source + "\n" + p.x0))
        #expect(x.count == x0.count && x.allSatisfy { $0.isFinite }, "\(what): x \(x)")
        #expect(gnorm.isFinite && gnorm >= 0, "\(what): gnorm \(gnorm)")
        if reason == "converged" { #expect(gnorm <= Self.tol, "\(what): converged with gnorm \(gnorm)") }

        // The record tells the truth about f: its start, its end and the gradient there.
        let truth = try #require(try Conf.doubles(program + "[f(x0), f(r.x), norm(grad(f, r.x))]"), "\(what)")
        #expect(Conf.close(history[0], truth[0], tol: 1e-12), "\(what): history starts at \(history[0]), f(x0) = \(truth[0])")
        #expect(Conf.close(f, truth[1], tol: 1e-10), "\(what): f = \(f), f(x) = \(truth[1])")
        #expect(Conf.close(gnorm, truth[2], tol: 1e-8), "\(what): gnorm = \(gnorm), ‖∇f(x)‖ = \(truth[2])")

        for (name, atLeast) in [("evals", steps + 1), ("hvps", 0)] {
            let n = try #require(r[name]?.number)
            #expect(n == n.rounded() && n >= atLeast, "\(what): \(name) = \(n)")
        }
        #expect((r["seconds"]?.number).map { $0 >= 0 && $0.isFinite } == true, "\(what)")
        // The cost histories, where the record has them: one entry per history entry, never falling.
        for name in ["history_seconds", "history_evals", "history_hvps"] {
            guard let costs = r[name]?.doubles else { continue }
            #expect(costs.count == history.count && zip(costs, costs.dropFirst()).allSatisfy { $0 <= $1 }, "\(what): \(name) \(costs)")
        }

        if promise == .always || (promise == .onConvex && p.convex) {
            for k in history.indices.dropFirst() {
                #expect(history[k] <= history[k - 1] + 1e-12 * max(1, abs(history[k - 1])),
                        "\(what): f rose at step \(k), \(history[k - 1]) → \(history[k])")
            }
        }
    }
}
