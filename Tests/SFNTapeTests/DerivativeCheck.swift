import Foundation
import SFNNumerics
@testable import SFNTape

/// Compares a compiled objective's gradient with central differences of its value, its
/// Hessian-vector products with central differences of its gradient, and its batched products
/// and full Hessian with single products. Returns the worst relative errors.
struct DerivativeErrors { var grad = 0.0, hvp = 0.0, batch = 0.0, hessian = 0.0 }

func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    Vec.norm(Vec.sub(a, b)) / max(Vec.norm(b), 1e-6)
}

func derivativeErrors(_ f: CompiledObjective, at x: [Double], seed: UInt64 = 1) -> DerivativeErrors {
    var rng = SplitMix64(seed: seed)
    let m = f.dimension
    var e = DerivativeErrors()
    let (_, g) = f.valueAndGradient(at: x)
    var fd = [Double](repeating: 0, count: m)
    for i in 0..<m {
        let h = 1e-5 * max(1, abs(x[i]))
        var xp = x, xm = x
        xp[i] += h; xm[i] -= h
        fd[i] = (f.value(at: xp) - f.value(at: xm)) / (2 * h)
    }
    e.grad = relativeError(g, fd)
    let vs = (0..<3).map { _ in rng.normals(m) }
    var singles: [[Double]] = []
    for v in vs {
        let hv = f.hessianVectorProduct(at: x, v)
        singles.append(hv)
        let h = 1e-5
        let gp = f.valueAndGradient(at: Vec.add(x, Vec.scaled(v, h))).gradient
        let gm = f.valueAndGradient(at: Vec.sub(x, Vec.scaled(v, h))).gradient
        e.hvp = max(e.hvp, relativeError(hv, Vec.scaled(Vec.sub(gp, gm), 1 / (2 * h))))
    }
    let batched = f.hessianVectorProducts(at: x, vs)
    for (a, b) in zip(batched, singles) { e.batch = max(e.batch, relativeError(a, b)) }
    let hess = f.hessian(at: x)
    for (v, hv) in zip(vs, singles) { e.hessian = max(e.hessian, relativeError(BLAS.matvec(hess, v), hv)) }
    return e
}
