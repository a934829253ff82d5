// Runs a generated program through every execution path of the tape and compares them with each
// other and with the reference (central differences of HarnessEvaluator's values).
//
// The paths, each with its slow twin reachable by a switch:
//   fused elementwise groups        ↔ unfused instructions        (`fuse:`)
//   single-element inline rules     ↔ the primitives' kernels     (`inlineScalars:`)
//   whole-exponent power kernels    ↔ the general power kernels   (`Pow.wholeKernels`)
//   a large group's rows on 2 threads ↔ on 1                      (`groupThreads`)
//   a Hessian's batches split across tape copies ↔ one tape       (`splitThreads`)
//   a batch of k HVPs in one pass   ↔ k single HVPs
//   `hessian` (unit-vector batches, symmetrised) ↔ the columns of single HVPs
//
// Bit for bit (the same arithmetic in the same order, documented in Fusion.swift, Tape.swift
// and Binary.swift): value, gradient, single HVPs, batched HVPs and the Hessian across fusion,
// inline, whole powers and group threads (inline against the kernels up to the sign of a zero:
// the 100,000-program campaign found three such, e.g. a Hessian entry +0 against −0, `same`); the split Hessian against one tape (each direction's
// tangent runs the same kernels whichever tape and batch carries it). Up to rounding: a batch of
// HVPs against single ones (a product's tangents with k > 1 go through one BLAS call of k
// columns instead of k calls of one, whose summation order may differ), and `hessian` against
// HVP columns (it is symmetrised): |a − b| ≤ 1e-11 · max(1, |a|∞, |b|∞).
//
// Against the reference, with a step per point h = c · max(1, |θ|∞) and Richardson's
// extrapolation over h and h/2: f itself (1e-9 relative), g·u and g·v (c = 1e-4), uᵀHv and vᵀHv
// from the HVPs and from the Hessian (c = 1e-3), each to 1e-6 · (1 + |ref|) plus the rounding the
// differences carry plus four times the two steps' disagreement. A program whose reference is not
// finite, or whose two steps disagree by more than 1% (a kink crossed), is counted as skipped.
import Foundation
import SFNNumerics
@testable import SFNLanguage
@testable import SFNTape
import SFNSyntax

/// One execution path: a compiled objective and the switches it runs with.
struct HarnessPath {
    var name: String
    var fuse: Bool
    var inline: Bool
    var wholePowers: Bool
    var groupThreads: Int
    var splitThreads: Int

    /// The paths compared: every fast path on, each one turned off alone, and all off.
    static let all: [HarnessPath] = [
        HarnessPath(name: "all fast paths (fused, inline, whole powers, 2 group threads, split)",
                    fuse: true, inline: true, wholePowers: true, groupThreads: 2, splitThreads: 2),
        HarnessPath(name: "unfused", fuse: false, inline: true, wholePowers: true, groupThreads: 2, splitThreads: 2),
        HarnessPath(name: "kernel path (no inline scalars)", fuse: true, inline: false, wholePowers: true, groupThreads: 2, splitThreads: 2),
        HarnessPath(name: "general power kernels", fuse: true, inline: true, wholePowers: false, groupThreads: 2, splitThreads: 2),
        HarnessPath(name: "one group thread, no split", fuse: true, inline: true, wholePowers: true, groupThreads: 1, splitThreads: 1),
        HarnessPath(name: "all slow twins", fuse: false, inline: false, wholePowers: false, groupThreads: 1, splitThreads: 1),
    ]
}

/// What one path computed at the point.
struct PathResult {
    var value = 0.0
    var gradient: [Double] = []
    var hu: [Double] = [], hv: [Double] = []
    var batch: [[Double]] = []
    var hessian: [Double] = []
    /// Whether a fused group reached `Tape.parallelElements`, and whether the Hessian was split.
    var largeGroup = false, split = false
    /// Whether the gradient tape had a fused group at all.
    var fused = false
}

enum HarnessOutcome {
    case agreed
    case skipped(String)
    /// The first disagreement's kind (what shrinking keeps failing) and a description.
    case disagreed(kind: String, detail: String)
    case error(String)

    var failed: Bool { if case .disagreed = self { return true }; if case .error = self { return true }; return false }
}

enum HarnessCheck {
    /// The directions: u and v dense, w = a unit vector (its tangents vanish on most of θ).
    static func directions(_ m: Int, seed: UInt64) -> (u: [Double], v: [Double], w: [Double]) {
        var r = HarnessRandom(seed: seed ^ 0x5EED)
        let u = (0..<m).map { _ in r.unit() * 2 - 1 }
        let v = (0..<m).map { _ in r.unit() * 2 - 1 }
        let j = r.int(0...(m - 1))
        return (u, v, (0..<m).map { $0 == j ? 1 : 0 })
    }

    /// Compiles the program through the interpreter (source text, as a user would write it).
    static func compile(_ p: HarnessProgram) throws -> CompiledObjective {
        let interpreter = Interpreter()
        _ = try interpreter.run(p.source, name: "harness.sfn")
        guard case .function(let f)? = interpreter.global("f") else { throw SFNError("no f", at: SourceLocation(file: "harness.sfn", line: 1, column: 1)) }
        return try interpreter.compile(f, shapes: p.shapes, data: nil, at: SourceLocation(file: "harness.sfn", line: 1, column: 1)).objective
    }

    static func run(_ base: CompiledObjective, _ path: HarnessPath, theta: [Double],
                    dirs: (u: [Double], v: [Double], w: [Double])) -> PathResult {
        BinaryFunctions.Pow.wholeKernels.store(path.wholePowers, ordering: .relaxed)
        defer { BinaryFunctions.Pow.wholeKernels.store(true, ordering: .relaxed) }
        let o = base.recompiled(fuse: path.fuse, inlineScalars: path.inline)
        o.groupThreads = path.groupThreads
        o.splitThreads = path.splitThreads
        var r = PathResult()
        r.value = o.value(at: theta)
        let (f, g) = o.valueAndGradient(at: theta)
        if f.bitPattern != r.value.bitPattern { r.value = .nan }   // the two tapes must agree too
        r.gradient = g
        r.hu = o.hessianVectorProduct(at: theta, dirs.u)
        r.hv = o.hessianVectorProduct(at: theta, dirs.v)
        r.batch = o.hessianVectorProducts(at: theta, [dirs.u, dirs.v, dirs.w])
        r.hessian = o.hessian(at: theta).scalars
        r.largeGroup = o.gradientTape.fusion.groups.contains { $0.count >= Tape.parallelElements }
        r.split = !o.helpers.isEmpty
        r.fused = !o.gradientTape.fusion.groups.isEmpty
        return r
    }

    /// Bit for bit; with `signedZeros` false, +0 and −0 also count as the same. The inline scalar
    /// rules and the kernels differ only there: a binary rule adds a zero partial's term where
    /// the other path skips it (0 + −0 is +0), and no result downstream reads a zero's sign.
    static func same(_ a: [Double], _ b: [Double], signedZeros: Bool = true) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy {
            $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) || (!signedZeros && $0 == 0 && $1 == 0)
        }
    }

    static func close(_ a: [Double], _ b: [Double], _ tol: Double = 1e-11) -> Bool {
        let scale = max(1, a.reduce(0) { max($0, abs($1)) }, b.reduce(0) { max($0, abs($1)) })
        return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol * scale || ($0.isNaN && $1.isNaN) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

    /// Runs every path and the reference; `paths` may be narrowed (tests of one switch).
    static func check(_ p: HarnessProgram, seed: UInt64, paths given: [HarnessPath]? = nil) -> (HarnessOutcome, PathResult?) {
        // A large program (2^18-element groups, seconds a path in a debug build) takes the paths
        // its size is for: two group threads and a split Hessian against one of each, and unfused.
        let paths = given ?? (p.large ? [HarnessPath.all[0], HarnessPath.all[4], HarnessPath.all[1]] : HarnessPath.all)
        let base: CompiledObjective
        do { base = try compile(p) } catch { return (.error("does not compile: \(error)"), nil) }
        let theta = p.theta, m = theta.count
        let dirs = directions(m, seed: seed)
        let results = paths.map { run(base, $0, theta: theta, dirs: dirs) }
        let first = results[0]

        // 1. Paths against each other.
        for (path, r) in zip(paths, results).dropFirst() {
            let pairs: [(String, [Double], [Double])] = [
                ("value", [first.value], [r.value]), ("gradient", first.gradient, r.gradient),
                ("hvp(u)", first.hu, r.hu), ("hvp(v)", first.hv, r.hv),
                ("hvp batch", first.batch.flatMap { $0 }, r.batch.flatMap { $0 }), ("hessian", first.hessian, r.hessian),
            ]
            for (what, a, b) in pairs where !same(a, b, signedZeros: path.inline == paths[0].inline) {
                return (.disagreed(kind: "\(what): \(path.name)",
                                   detail: "\(what) differs between '\(paths[0].name)' and '\(path.name)':\n  \(a)\n  \(b)"), first)
            }
        }
        // 2. Batched against single, the Hessian against HVP columns (on the first path).
        let single = [first.hu, first.hv, base.recompiled(fuse: false, inlineScalars: false).hessianVectorProduct(at: theta, dirs.w)]
        for j in 0..<3 where !close(first.batch[j], single[j]) {
            return (.disagreed(kind: "batch vs single", detail: "hvp batch column \(j) differs from the single hvp:\n  \(first.batch[j])\n  \(single[j])"), first)
        }
        let hw = (0..<m).map { i in first.hessian[i * m + dirs.w.firstIndex(of: 1)!] }
        if !close(hw, single[2]) {
            return (.disagreed(kind: "hessian vs hvp", detail: "hessian column differs from hvp(e_j):\n  \(hw)\n  \(single[2])"), first)
        }
        // 3. The reference.
        return (reference(p, theta: theta, dirs: dirs, first), first)
    }

    static func reference(_ p: HarnessProgram, theta: [Double], dirs: (u: [Double], v: [Double], w: [Double]),
                          _ r: PathResult) -> HarnessOutcome {
        let scale = max(1, theta.reduce(0) { max($0, abs($1)) })
        var fmax = 0.0
        func f(_ steps: [(Double, [Double])]) -> Double {
            var x = theta
            for (h, d) in steps { for i in x.indices { x[i] += h * d[i] } }
            let y = PlainEvaluator.value(p, theta: x)
            fmax = max(fmax, abs(y))
            return y
        }
        let f0 = f([])
        guard f0.isFinite else { return .skipped("reference value not finite") }
        if !(abs(r.value - f0) <= 1e-9 * max(1, abs(f0))) {
            return .disagreed(kind: "value vs reference", detail: "value \(r.value), reference \(f0)")
        }
        // Each estimate: (Richardson value, disagreement of the two steps, rounding bound).
        func first(_ u: [Double]) -> (Double, Double, Double) {
            let h = 1e-4 * scale
            func d(_ h: Double) -> Double { (f([(h, u)]) - f([(-h, u)])) / (2 * h) }
            let (a, b) = (d(h), d(h / 2))
            return ((4 * b - a) / 3, abs(a - b), 1e-13 * fmax / h)
        }
        func second(_ u: [Double], _ v: [Double]) -> (Double, Double, Double) {
            let h = 1e-3 * scale
            func d(_ h: Double) -> Double {
                (f([(h, u), (h, v)]) - f([(h, u), (-h, v)]) - f([(-h, u), (h, v)]) + f([(-h, u), (-h, v)])) / (4 * h * h)
            }
            let (a, b) = (d(h), d(h / 2))
            return ((4 * b - a) / 3, abs(a - b), 1e-13 * fmax / (h * h / 4))
        }
        let (u, v) = (dirs.u, dirs.v)
        let hessianV = (0..<u.count).map { i in dot(Array(r.hessian[(i * u.count)..<((i + 1) * u.count)]), v) }
        let checks: [(String, Double, (Double, Double, Double))] = [
            ("g·u", dot(r.gradient, u), first(u)), ("g·v", dot(r.gradient, v), first(v)),
            ("uᵀ hvp(v)", dot(u, r.hv), second(u, v)), ("vᵀ hvp(v)", dot(v, r.hv), second(v, v)),
            ("uᵀ hvp(u)", dot(u, r.hu), second(u, u)), ("uᵀ hessian v", dot(u, hessianV), second(u, v)),
        ]
        for (what, got, (ref, spread, rounding)) in checks {
            guard ref.isFinite else { return .skipped("reference \(what) not finite") }
            if spread > 1e-2 * (1 + abs(ref)) { return .skipped("reference \(what): the steps disagree (a kink?)") }
            let tol = 1e-6 * (1 + abs(ref)) + rounding + 4 * spread
            if !(abs(got - ref) <= tol) {
                return .disagreed(kind: "\(what) vs reference", detail: "\(what) = \(got), central differences give \(ref) (tolerance \(tol))")
            }
        }
        return .agreed
    }
}
