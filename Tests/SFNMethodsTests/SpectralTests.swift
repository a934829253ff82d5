// Spectra at scale: `spectrum(…, method="lanczos")` and `spectrum(…, method="density")`.
import Foundation
import Testing
import SFNMethods
import SFNNumerics

@Suite struct SpectralTests {
    static let verbose = ProcessInfo.processInfo.environment["SFN_MEASURE"] != nil

    /// A diagonal "Hessian" with the given eigenvalues (f = ½ Σ dᵢ xᵢ²).
    static func diagonal(_ d: [Double]) -> ClosureObjective {
        ClosureObjective(dimension: d.count, value: { (x: [Double]) -> Double in 0.5 * (0..<d.count).reduce(0.0) { (s: Double, i: Int) -> Double in s + d[i] * x[i] * x[i] } },
                         gradient: { x in (0..<d.count).map { d[$0] * x[$0] } },
                         hvp: { _, v in (0..<d.count).map { d[$0] * v[$0] } })
    }

    /// 500 eigenvalues: a bulk spread evenly over [−1, 3] (a quarter of it negative) and two
    /// outliers, −2.5 and 12, as in a network Hessian.
    static let known: [Double] = {
        var d: [Double] = []
        for i in 0..<498 { d.append(-1 + 4 * (Double(i) + 0.5) / 498) }
        return d + [-2.5, 12]
    }()

    /// The known spectrum in a random orthonormal basis (so that a Rademacher probe's weights
    /// (uⱼᵀv)² are random, not exactly 1/m as they are for a diagonal matrix).
    static func rotated() -> ClosureObjective { ScalableProblems.quadratic(eigenvalues: known, seed: 21) }

    @Test func lanczosFindsTheExtremesOfAKnownSpectrum() throws {
        let f = Self.rotated()
        let x = [Double](repeating: 0, count: 500)
        let s = try Methods.lanczosSpectrum(f, at: x, k: 40)
        let exactAlpha = Double(Self.known.filter { $0 < 0 }.count) / 500
        if Self.verbose { print("lanczos k=40: min", s.min, "max", s.max, "alpha", s.alpha, "exact", exactAlpha) }
        #expect(s.ritz.count == 40 && s.hvps == 40)
        #expect(s.ritz == s.ritz.sorted())
        #expect(abs(s.min - -2.5) < 1e-8)
        #expect(abs(s.max - 12) < 1e-8)
        let total: Double = s.weights.reduce(0, +)
        #expect(abs(total - 1) < 1e-12)
        #expect(abs(s.alpha - exactAlpha) < 0.08)      // one probe: noisy
        // Ritz values are inner bounds.
        #expect(s.min >= -2.5 - 1e-12 && s.max <= 12 + 1e-12)
    }

    @Test func densityMatchesAKnownSpectrum() throws {
        let f = Self.rotated()
        let x = [Double](repeating: 0, count: 500)
        let d = try Methods.spectralDensity(f, at: x, k: 40, probes: 20, grid: 400)
        let exactAlpha = Double(Self.known.filter { $0 < 0 }.count) / 500
        #expect(d.hvps == 40 * 20)
        #expect(d.grid.count == 400 && d.density.count == 400)
        // Trapezoid integral ≈ 1.
        var integral = 0.0
        for i in 1..<d.grid.count { integral += 0.5 * (d.density[i] + d.density[i - 1]) * (d.grid[i] - d.grid[i - 1]) }
        // In the bulk the density is 498/500 / 4 ≈ 0.249 (averaged over windows of width 0.5).
        var bulk: [Double] = []
        for centre in stride(from: -0.5, through: 2.5, by: 0.5) {
            let inside = d.grid.indices.filter { abs(d.grid[$0] - centre) <= 0.25 }
            bulk.append(inside.map { d.density[$0] }.reduce(0, +) / Double(inside.count))
        }
        if Self.verbose {
            print("density: ∫ =", integral, "alpha", d.alpha, "negativeMass", d.negativeMass, "exact", exactAlpha,
                  "min", d.min, "max", d.max, "sigma", d.sigma, "bulk", bulk)
        }
        #expect(abs(integral - 1) < 1e-3)
        #expect(abs(d.alpha - exactAlpha) < 0.02)
        #expect(abs(d.negativeMass - exactAlpha) < 0.02)
        #expect(abs(d.min - -2.5) < 1e-8 && abs(d.max - 12) < 1e-8)
        for b in bulk { #expect(abs(b - 0.249) < 0.05) }
    }

    /// The exact fraction of eigenvalues below t.
    static func fraction(_ values: [Double], below t: Double) -> Double {
        Double(values.filter { $0 < t }.count) / Double(values.count)
    }

    // A small network's Hessian has a cluster of tiny eigenvalues of both signs around 0 (here 21
    // of 51 within ±10⁻³ of it, 7 of them exact zeros from the softmax's shift invariance). A
    // Lanczos node standing for that cluster falls on either side of 0 at random, so with k < m
    // the index estimate is only determined up to the cluster: the tests bracket it between the
    // fractions of eigenvalues below −δ and below +δ, δ = 1% of the spectral radius. With k = m
    // the quadrature is exact and the estimate is within probe noise of the exact α.

    @Test func lanczosOnAnMLPHessian() throws {
        let (f, x) = try ScalableProblems.mlp([4, 6, 3])       // m = 51
        let exact = try Methods.spectrum(f, at: x)
        let scale = max(abs(exact.min), abs(exact.max))
        let full = try Methods.lanczosSpectrum(f, at: x, k: 51)
        let partial = try Methods.lanczosSpectrum(f, at: x, k: 30)
        let delta = 0.01 * scale
        let lo = Self.fraction(exact.eigenvalues, below: -delta), hi = Self.fraction(exact.eigenvalues, below: delta)
        if Self.verbose {
            print("mlp exact min", exact.min, "max", exact.max, "alpha", exact.alpha, "near zero", exact.nearZero,
                  "bracket", lo, hi)
            print("mlp lanczos k=30 min", partial.min, "max", partial.max, "alpha", partial.alpha, "near zero", partial.nearZero)
            print("mlp lanczos k=51 ritz count", full.ritz.count, "alpha", full.alpha, "near zero", full.nearZero)
        }
        #expect(abs(partial.min - exact.min) < 1e-8 * scale)
        #expect(abs(partial.max - exact.max) < 1e-8 * scale)
        #expect(abs(full.min - exact.min) < 1e-10 * scale && abs(full.max - exact.max) < 1e-10 * scale)
        // One probe: the weights carry the probe's noise (± ~0.1 for m = 51).
        #expect(partial.alpha > lo - 0.15 && partial.alpha < hi + 0.15)
        #expect(abs(full.alpha - exact.alpha) < 0.15)
    }

    @Test func densityOnAnMLPHessian() throws {
        let (f, x) = try ScalableProblems.mlp([4, 6, 3])
        let exact = try Methods.spectrum(f, at: x)
        let scale = max(abs(exact.min), abs(exact.max))
        let delta = 0.01 * scale
        let lo = Self.fraction(exact.eigenvalues, below: -delta), hi = Self.fraction(exact.eigenvalues, below: delta)
        let partial = try Methods.spectralDensity(f, at: x, k: 20, probes: 30)
        let full = try Methods.spectralDensity(f, at: x, k: 51, probes: 30)
        if Self.verbose {
            print("mlp density k=20 alpha", partial.alpha, "negativeMass", partial.negativeMass,
                  "k=51 alpha", full.alpha, "negativeMass", full.negativeMass, "near zero", full.nearZero,
                  "exact", exact.alpha, "bracket", lo, hi, "exact near zero", exact.nearZero)
        }
        #expect(partial.alpha > lo - 0.05 && partial.alpha < hi + 0.05)
        #expect(abs(full.alpha - exact.alpha) < 0.05)
        #expect(abs(partial.min - exact.min) < 1e-6 * scale && abs(partial.max - exact.max) < 1e-6 * scale)
    }

    @Test func invariantSubspaceGivesExactQuadrature() throws {
        // Three distinct eigenvalues: Lanczos stops after 3 steps with the exact nodes.
        let d = (0..<60).map { [-1.0, 0.5, 2.0][$0 % 3] }
        let s = try Methods.lanczosSpectrum(Self.diagonal(d), at: [Double](repeating: 0, count: 60), k: 10)
        #expect(s.ritz.count == 3 && s.hvps == 3)
        #expect(close(s.ritz, [-1, 0.5, 2], 1e-10))
        let total: Double = s.weights.reduce(0, +)
        #expect(abs(total - 1) < 1e-12)
        #expect(abs(s.alpha - 1.0 / 3) < 0.2)
    }

    @Test func nonFiniteHessianThrows() {
        let g = ClosureObjective(dimension: 2, value: { _ in 0 }, gradient: { _ in [0, 0] },
                                 hvp: { _, _ in [.nan, 0] })
        #expect(throws: AnalysisError.self) { try Methods.lanczosSpectrum(g, at: [0, 0], k: 2) }
        #expect(throws: AnalysisError.self) { try Methods.spectralDensity(g, at: [0, 0], k: 2, probes: 2) }
    }
}
