import Foundation
import SFNNumerics
import Testing
@testable import SFNLanguage
@testable import SFNSyntax
@testable import SFNPlot

/// floor, ceil, round, log10, log2, mod and atan2: values on numbers and tensors (with
/// broadcasting), and derivatives inside objectives against closed forms.
@Suite struct InterpreterTestsMathExtras {
    /// The shape of a tensor result (nil for a number or anything else).
    func shape(_ source: String) throws -> [Int]? {
        if case .tensor(let t) = try sfn(source).value { return t.shape }
        return nil
    }

    /// Whether a number result is exactly `expected`, sign of zero included.
    func same(_ source: String, _ expected: Double) throws -> Bool {
        guard let v = try number(source) else { return false }
        if expected.isNaN { return v.isNaN }
        return v == expected && v.sign == expected.sign
    }

    // MARK: Rounding

    @Test func roundTiesToEven() throws {
        #expect(try same("round(2.5)", 2))
        #expect(try same("round(0.5)", 0))
        #expect(try same("round(1.5)", 2))
        #expect(try same("round(3.5)", 4))
        #expect(try same("round(-2.5)", -2))
        #expect(try same("round(-0.5)", -0.0))
        #expect(try same("round(-1.5)", -2))
        #expect(try same("round(2.6)", 3))
        #expect(try same("round(-1.4)", -1))
        #expect(try same("round(inf)", .infinity))
        #expect(try same("round(nan)", .nan))
        #expect(try doubles("round([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, 2.4999])") == [0, 2, 2, 4, -0.0, -2, 2])
        #expect(try shape("round([0.5, 1.5; 2.5, 3.5])") == [2, 2])
    }

    @Test func floorAndCeil() throws {
        #expect(try same("floor(-1.5)", -2))
        #expect(try same("floor(-2)", -2))
        #expect(try same("floor(-0.1)", -1))
        #expect(try same("floor(1.9)", 1))
        #expect(try same("floor(3)", 3))
        #expect(try same("ceil(-1.5)", -1))
        #expect(try same("ceil(-0.5)", -0.0))
        #expect(try same("ceil(1.1)", 2))
        #expect(try same("ceil(4)", 4))
        #expect(try doubles("floor([-2.5, -0.5, 0.5, 2.5])") == [-3, -1, 0, 2])
        #expect(try doubles("ceil([-2.5, -0.5, 0.5, 2.5])") == [-2, -0.0, 1, 3])
        #expect(try shape("floor([1.5, 2; 3, 4.5; 5, 6])") == [3, 2])
        #expect(try doubles("floor([1.5, 2; -3.5, 4.5])") == [1, 2, -4, 4])
    }

    // MARK: Logarithms

    @Test func logarithmsInBases10And2() throws {
        #expect(try number("log10(1000)") == 3)
        #expect(try number("log10(0.01)") == -2)
        #expect(try number("log2(8)") == 3)
        #expect(try number("log2(0.5)") == -1)
        #expect(try number("log2(1)") == 0)
        #expect(try number("log10(0)") == -.infinity)
        #expect(try number("log10(-1)")?.isNaN == true)
        #expect(try number("log2(-2)")?.isNaN == true)
        #expect(close(try doubles("log10([1, 10; 100, 2])"), [0, 1, 2, log10(2)]))
        #expect(close(try doubles("log2([1, 2, 1024, 3])"), [0, 1, 10, log2(3)]))
        #expect(try shape("log10([1, 10; 100, 2])") == [2, 2])
    }

    // MARK: mod

    @Test func modTakesTheSignOfTheDivisor() throws {
        #expect(try same("mod(-1, 3)", 2))
        #expect(try same("mod(7, -3)", -2))
        #expect(try same("mod(7, 3)", 1))
        #expect(try same("mod(-7, -3)", -1))
        #expect(try same("mod(-7, 3)", 2))
        #expect(try same("mod(5.5, 2)", 1.5))
        #expect(try same("mod(-5.5, 2)", 0.5))
        #expect(try same("mod(5.5, -2)", -0.5))
        #expect(try same("mod(2.5, 0.5)", 0))
        #expect(try same("mod(-6, 3)", 0))
        #expect(try same("mod(6, -3)", -0.0))
        #expect(try same("mod(0, -3)", -0.0))
        #expect(try same("mod(1, 0)", .nan))
        #expect(try same("mod(-1, 0)", .nan))
        #expect(try same("mod(inf, 2)", .nan))
        #expect(try same("mod(3, inf)", 3))
    }

    @Test func modBroadcasts() throws {
        #expect(try doubles("mod([-1, 7, -7, 4], [3, -3, 3, 2])") == [2, -2, 2, 0])
        #expect(try doubles("mod([1, 2; 3, 4], [2, 3])") == [1, 2, 1, 1])
        #expect(try shape("mod([1, 2; 3, 4], [2, 3])") == [2, 2])
        #expect(try doubles("mod(5, [2, 3, -3])") == [1, 2, -1])
        #expect(try doubles("mod([5, -5], 3)") == [2, 1])
        // A column against a row: the outer (3, 2) table.
        #expect(try shape("mod(reshape([1, 2, 3], 3, 1), [2, 3])") == [3, 2])
        #expect(try doubles("mod(reshape([1, 2, 3], 3, 1), [2, 3])") == [1, 1, 0, 2, 1, 0])
        #expect(failure("mod([1, 2], [1, 2, 3])")?.message == "mod: shapes (2,) and (3,) do not match")
        #expect(failure("mod(1)")?.message.hasPrefix("mod expects 2 arguments") == true)
    }

    // MARK: atan2

    @Test func atan2InAllFourQuadrants() throws {
        let pi = Double.pi
        #expect(close(try doubles("atan2(1, 1)"), [pi / 4]))          // I
        #expect(close(try doubles("atan2(1, -1)"), [3 * pi / 4]))     // II
        #expect(close(try doubles("atan2(-1, -1)"), [-3 * pi / 4]))   // III
        #expect(close(try doubles("atan2(-1, 1)"), [-pi / 4]))        // IV
        #expect(close(try doubles("atan2(1, sqrt(3))"), [pi / 6]))
        #expect(close(try doubles("atan2(-sqrt(3), -1)"), [-2 * pi / 3]))
        #expect(try number("atan2(1, 0)") == pi / 2)
        #expect(try number("atan2(-1, 0)") == -pi / 2)
        #expect(try number("atan2(0, -1)") == pi)
        #expect(try number("atan2(-0, -1)") == -pi)
        #expect(try same("atan2(0, 1)", 0))
        #expect(try same("atan2(-0, 1)", -0.0))
        #expect(try number("atan2(nan, 1)")?.isNaN == true)
    }

    @Test func atan2Broadcasts() throws {
        let pi = Double.pi
        #expect(close(try doubles("atan2([1, -1, 1, -1], [1, 1, -1, -1])"), [pi / 4, -pi / 4, 3 * pi / 4, -3 * pi / 4]))
        #expect(close(try doubles("atan2([1, -1], 0)"), [pi / 2, -pi / 2]))
        #expect(close(try doubles("atan2(1, [1, -1; 0, 2])"), [pi / 4, 3 * pi / 4, pi / 2, atan(0.5)]))
        #expect(try shape("atan2(1, [1, -1; 0, 2])") == [2, 2])
        #expect(try shape("atan2(reshape([1, 2], 2, 1), [1, 2, 3])") == [2, 3])
        #expect(failure("atan2([1, 2], [1, 2, 3])")?.message == "atan2: shapes (2,) and (3,) do not match")
    }

    /// The number path, the tensor path and the Swift-side value agree (NumPy/Julia semantics).
    @Test func numberAndTensorPathsAgree() throws {
        let xs = [-7.5, -3, -1, -0.25, 0.25, 1, 2.5, 6]
        let ds = [-3, -2, 0.75, 2, 3]
        for x in xs {
            for d in ds {
                let scalar = try number("mod(\(x), \(d))")
                let tensor = try doubles("mod([\(x)], \(d))")?.first
                #expect(scalar == tensor, "mod(\(x), \(d))")
                let expected = x - d * (x / d).rounded(.down)
                #expect(abs((scalar ?? .nan) - expected) <= 1e-12, "mod(\(x), \(d)) = \(scalar ?? .nan)")
                #expect(try number("atan2(\(x), \(d))") == atan2(x, d))
                #expect(try doubles("atan2([\(x)], \(d))") == [atan2(x, d)])
            }
            #expect(try doubles("[floor(\(x)), ceil(\(x)), round(\(x))]") == [x.rounded(.down), x.rounded(.up), x.rounded(.toNearestOrEven)])
            #expect(try doubles("floor([\(x)])") == [x.rounded(.down)])
        }
    }

    // MARK: Derivatives inside objectives

    @Test func modGradientAndHessian() throws {
        // θ = [a, b]: ∇ mod(a, b) = [1, −floor(a/b)], Hessian 0.
        let f = "f(a, b) = mod(a, b)\n"
        #expect(close(try doubles(f + "grad(f, [7.5, 2])"), [1, -3]))
        #expect(close(try doubles(f + "grad(f, [-1, 3])"), [1, 1]))
        #expect(close(try doubles(f + "grad(f, [7, -3])"), [1, 3]))
        #expect(close(try doubles(f + "hessian(f, [7.5, 2])"), [0, 0, 0, 0]))
        // mod squared: ∇ = 2 r [1, −q], H = 2 [1, −q; −q, q²] with r = mod(a, b), q = floor(a/b).
        let g = "g(a, b) = mod(a, b)^2\n"
        let (r, q) = (0.5, -3.0)   // a = -5.5, b = 2
        #expect(close(try doubles(g + "grad(g, [-5.5, 2])"), [2 * r, -2 * r * q]))
        #expect(close(try doubles(g + "hessian(g, [-5.5, 2])"), [2, -2 * q, -2 * q, 2 * q * q]))
    }

    @Test func modBroadcastDivisorSumsItsAdjoint() throws {
        // A traced scalar divisor against constant dividends: ∂/∂b = −Σ floor(a_i/b).
        let src = "r(b) = sum(mod([5, -5, 7], b))\ngrad(r, 2)"
        #expect(close(try doubles(src), [-(2 - 3 + 3)]))
        // A traced vector against a scalar constant divisor: ∂/∂w_i = 2 mod(w_i, 2).
        let p = "p(w) = sum(mod(w, 2)^2)\n"
        #expect(close(try doubles(p + "grad(p, [2.5, -0.5, 3.25])"), [1, 3, 2.5]))
        #expect(close(try doubles(p + "hessian(p, [2.5, -0.5, 3.25])"), [2, 0, 0, 0, 2, 0, 0, 0, 2]))
    }

    @Test func atan2GradientAndHessian() throws {
        // θ = [x, y] for atan2(y, x): ∇ = [−y, x]/r, H = [2xy, y² − x²; y² − x², −2xy]/r², r = x² + y².
        let f = "f(x, y) = atan2(y, x)\n"
        for (x, y) in [(1.0, 2.0), (-1.0, 2.0), (-3.0, -1.0), (2.0, -0.5)] {
            let r = x * x + y * y
            #expect(close(try doubles(f + "grad(f, [\(x), \(y)])"), [-y / r, x / r]), "at (\(x), \(y))")
            let h = [2 * x * y, y * y - x * x, y * y - x * x, -2 * x * y].map { $0 / (r * r) }
            #expect(close(try doubles(f + "hessian(f, [\(x), \(y)])"), h), "at (\(x), \(y))")
        }
        // Vector arguments with a constant x broadcast: ∂/∂w_i atan2(w_i, x_i) = x_i/(x_i² + w_i²).
        let v = "v(w) = sum(atan2(w, [1, -1, 2]))\n"
        let (w, xc) = ([2.5, -0.5, 3.0], [1.0, -1.0, 2.0])
        let gv = zip(w, xc).map { $1 / ($1 * $1 + $0 * $0) }
        #expect(close(try doubles(v + "grad(v, [2.5, -0.5, 3])"), gv))
        let hv = zip(w, xc).map { -2 * $1 * $0 / pow($1 * $1 + $0 * $0, 2) }
        #expect(close(try doubles(v + "hessian(v, [2.5, -0.5, 3])"), [hv[0], 0, 0, 0, hv[1], 0, 0, 0, hv[2]]))
        // A traced x against a constant y: ∂/∂x atan2(3, x) = −3/(x² + 9).
        #expect(close(try doubles("u(x) = atan2(3, x)\ngrad(u, 4)"), [-3.0 / 25]))
    }

    @Test func logarithmGradientAndHessian() throws {
        // h = log10(x₁)·log2(x₂) at [100, 8]: log10 = 2, log2 = 3.
        let (a, b) = (100.0, 8.0)
        let (l10, l2) = (log(10.0), log(2.0))
        let h = "h(x) = log10(x[1]) * log2(x[2])\n"
        #expect(close(try doubles(h + "grad(h, [100, 8])"), [3 / (a * l10), 2 / (b * l2)]))
        let cross = 1 / (a * l10 * b * l2)
        #expect(close(try doubles(h + "hessian(h, [100, 8])"), [-3 / (a * a * l10), cross, cross, -2 / (b * b * l2)]))
        #expect(close(try doubles("k(x) = sum(log10(x) + log2(x))\ngrad(k, [0.5, 3])"),
                      [1 / (0.5 * l10) + 1 / (0.5 * l2), 1 / (3 * l10) + 1 / (3 * l2)]))
    }

    @Test func roundingHasZeroDerivative() throws {
        // q = floor(x)·x² + round(x) + ceil(x)·x at 2.3: q' = 2·2·2.3 + 0 + 3, q'' = 2·2.
        let q = "q(x) = floor(x) * x^2 + round(x) + ceil(x) * x\n"
        #expect(close(try doubles(q + "grad(q, 2.3)"), [12.2]))
        #expect(close(try doubles(q + "hessian(q, 2.3)"), [4]))
        // Negative x, vector parameter: ∂/∂w_i (floor(w_i) w_i + round(w_i)) = floor(w_i).
        let s = "s(w) = sum(floor(w) * w + round(w) + ceil(w))\ngrad(s, [-1.5, -0.2, 2.7])"
        #expect(close(try doubles(s), [-2, -1, 2]))
        #expect(close(try doubles("t(x, y) = round(x) + floor(y) + ceil(x * y)\ngrad(t, [0.4, 2.6])"), [0, 0]))
    }

    @Test func checkAgreesWithFiniteDifferences() throws {
        let src = """
            f(x, y) = atan2(y, x)^2 + mod(x, y) * y + log10(x^2 + 1) + log2(y^2 + 2) + floor(x) * y
            c = check(f, [-1.3, 2.2])
            [c.ok, c.grad_err < 1e-6, c.hvp_err < 1e-6]
            """
        #expect(try shown(src) == "[true, true, true]")
    }

    // MARK: Help

    @Test func helpSaysWhatAndTheDerivative() throws {
        let registry = Interpreter().builtins
        let derivative: [String: String] = [
            "floor": "derivative 0", "ceil": "derivative 0", "round": "derivative 0",
            "log10": "1/(x ln 10)", "log2": "1/(x ln 2)",
            "mod": "∂/∂b = −q, the whole number with mod(a, b) = a − q·b", "atan2": "∂/∂x = −y/(x²+y²)",
        ]
        for (name, text) in derivative {
            let b = try #require(registry[name], "\(name) is not a built-in")
            #expect(b.summary.contains(text), "\(name): \(b.summary)")
        }
        #expect(registry["round"]?.summary.contains("ties to even") == true)
        #expect(registry["mod"]?.signature == "mod(a, b)")
        #expect(registry["atan2"]?.signature == "atan2(y, x)")
        #expect(registry["atan2"]?.summary.contains("quadrant") == true)
    }

    @Test func modDerivativeInTheDivisorFollowsTheComputedValue() throws {
        // mod(1, 0.1) is 0.0999…95 = 1 − 9·0.1 in floating point (fmod), so ∂/∂b is −9, not
        // −floor(1/0.1) = −10. (0.1 sits on a jump, so finite differences cannot check it there;
        // away from the jumps check() agrees.)
        #expect(try doubles("f(x) = mod(1, x[1])\ngrad(f, [0.1])") == [-9])
        #expect(try shown("f(x) = mod(1, x[1])\nc = check(f, [0.13], quiet=true)\nc.ok") == "true")
    }

    @Test func broadcastsTooLargeToAllocateAreErrors() {
        for call in ["mod(zeros(1e5), ones(1e5, 1))", "atan2(zeros(1e5), ones(1e5, 1))", "max(zeros(1e5), ones(1e5, 1))"] {
            #expect(failure(call)?.message.hasPrefix("the result would have 10000000000 elements") == true, "\(call)")
        }
    }
}
