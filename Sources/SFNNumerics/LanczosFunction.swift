// φ(A)b from a Lanczos process: a function of a symmetric matrix applied to one vector, from
// products v ↦ Av only, in O(m) memory (two passes) or with the basis kept (one pass).
import CLinAlg

/// A function of a symmetric matrix applied to one vector, φ(A)b, from the Lanczos process started
/// at b.
///
/// After k steps, Q = [q₁ … q_k] (q₁ = b/‖b‖) is a basis of the Krylov space
/// span{b, Ab, …, A^{k−1}b} and T = QᵀAQ is tridiagonal, so
///
///     φ(A)b ≈ ‖b‖ Q φ(T) e₁ = Q c,    c = ‖b‖ S φ(Θ) Sᵀe₁    (T = S Θ Sᵀ).
///
/// The approximation is exact for polynomials of degree < k and, for a general φ, about as good as
/// the best polynomial approximation of φ on A's spectrum (Saad 1992; in floating point without
/// reorthogonalisation, on a slightly wider interval: Musco, Musco and Sidford 2018). It is exact
/// when the Krylov space is invariant (the recurrence breaks down).
///
/// Only c depends on φ: the Krylov data (α, β and the basis or the means to regenerate it) serve
/// every φ, so trying several functions of the same matrix — the damping values of a
/// Levenberg–Marquardt search — costs no new products for T, only the combination Q c.
///
/// ## Storage
/// - ``Storage/regenerate`` (O(m) memory, the default for large m): the plain three-term
///   recurrence, keeping α, β, q₁ and the last two vectors. ``combine(_:operator:)`` runs the
///   recurrence a second time from q₁ with the stored α and β — the same operations in the same
///   order, so the same vectors to the last bit when the operator is deterministic — and
///   accumulates Q c on the way: k − 1 more products, a small constant number of m-vectors
///   (three for the recurrence, one per coefficient vector).
/// - ``Storage/keep``: the basis is stored (k·m doubles) and every new vector is
///   reorthogonalised against it (one Gram–Schmidt pass by BLAS, a second when the first removed
///   much, "twice is enough"); ``combine(_:operator:)`` is a matrix–vector product, no products
///   with A. Faster per direction and a little more accurate per step, when k·m fits in memory.
public struct LanczosFunction {
    /// Where the basis lives (see the type's documentation).
    public enum Storage: Sendable, Equatable {
        /// Store the basis: one pass, k·m doubles.
        case keep
        /// Keep O(m) doubles and rerun the recurrence to combine: k − 1 more products.
        case regenerate
    }

    /// Whether the basis is kept or regenerated (fixed at creation).
    public let storage: Storage
    /// m, the length of the vectors.
    public let dimension: Int
    /// ‖b‖.
    public let startNorm: Double
    /// The diagonal α of T.
    public private(set) var alpha: [Double] = []
    /// β, one per step: βⱼ is the norm of the residual of step j (0-based), which couples qⱼ and
    /// qⱼ₊₁; T's off-diagonal is the first k − 1 of them.
    public private(set) var beta: [Double] = []
    /// Products with A performed, both passes included.
    public private(set) var applications = 0
    /// Whether the Krylov space is invariant (the last residual vanished): then φ(T) is exact.
    public private(set) var invariant = false

    private let start: [Double]
    /// q_{k−1} and q_k's successor q_{k+1} (unnormalised until the step that uses it).
    private var previous: [Double] = []
    private var next: [Double]
    /// The kept basis, vector j in row j (k×m, row-major), for `.keep`.
    private var kept: [Double] = []
    /// max |α|, β seen: an estimate of ‖A‖ for the breakdown test.
    private var scale = 0.0

    /// Relative size of a residual, against the running estimate of ‖A‖, below which the Krylov
    /// space counts as invariant.
    public static let breakdown = 1e-12

    /// Prepares the process from b (not necessarily normalised). With b = 0 no step can be
    /// taken and every function of A applied to b is 0.
    public init(start b: [Double], storage: Storage) {
        self.storage = storage
        dimension = b.count
        let n = Vec.norm(b)
        startNorm = n.isFinite ? n : .nan
        start = n > 0 && n.isFinite ? b.map { $0 / n } : b
        next = start
    }

    /// k, the steps taken (the size of T).
    public var steps: Int { alpha.count }

    /// Whether a product was not finite (then ``eigen()`` throws).
    public private(set) var failed = false

    /// Whether another step can add to the Krylov space.
    public var canStep: Bool { startNorm > 0 && !invariant && !failed && steps < dimension }

    /// One more Lanczos step: one product with A. Does nothing when ``canStep`` is false.
    public mutating func step(operator apply: ([Double]) throws -> [Double]) rethrows {
        guard canStep else { return }
        let q = next
        if storage == .keep { kept += q }
        var w = try apply(q)
        applications += 1
        if let b = beta.last { Vec.axpy(-b, previous, &w) }
        let a = Vec.dot(q, w)
        Vec.axpy(-a, q, &w)
        if storage == .keep { reorthogonalise(&w) }
        let b = Vec.norm(w)
        alpha.append(a)
        beta.append(b)
        scale = max(scale, abs(a), b)
        previous = q
        guard a.isFinite, b.isFinite else { failed = true; next = []; return }
        if !(b > Self.breakdown * scale) {
            invariant = true
            next = []
            return
        }
        next = w.map { $0 / b }
    }

    /// w ← w − Q(Qᵀw) over the kept basis, a second time when the first pass removed more than
    /// half of w's length (then rounding may have left a component along Q).
    private func reorthogonalise(_ w: inout [Double]) {
        let k = kept.count / dimension
        guard k > 0 else { return }
        var h = [Double](repeating: 0, count: k)
        for pass in 0..<2 {
            let before = pass == 0 ? Vec.norm(w) : 0
            la_dgemv(0, Int32(k), Int32(dimension), 1, kept, Int32(dimension), w, 0, &h)
            la_dgemv(1, Int32(k), Int32(dimension), -1, kept, Int32(dimension), h, 1, &w)
            if pass == 0, Vec.norm(w) > 0.5 * before { break }
        }
    }

    /// T's eigendecomposition (Ritz values ascending, vectors as columns).
    public func eigen() throws -> SymmetricEigen {
        try SymmetricEigen.tridiagonal(diagonal: alpha, offDiagonal: Array(beta.prefix(max(0, steps - 1))))
    }

    /// c = ‖b‖ S φ(Θ) Sᵀe₁ for the decomposition `eigen` of T: the coordinates of φ(A)b's
    /// approximation in the basis Q.
    public func coefficients(_ phi: (Double) -> Double, eigen: SymmetricEigen) -> [Double] {
        let k = eigen.values.count
        guard k > 0, let s = eigen.vectors else { return [] }
        let weights = (0..<k).map { i in startNorm * phi(eigen.values[i]) * s[0, i] }
        return BLAS.matvec(s, weights)
    }

    /// Q c for each coefficient vector (each of length ≤ k; missing trailing entries are 0).
    /// `.keep`: one matrix–vector product each. `.regenerate`: the recurrence again from q₁,
    /// max(length) − 1 products with A for all of them together.
    public mutating func combine(_ coefficients: [[Double]],
                                 operator apply: ([Double]) throws -> [Double]) rethrows -> [[Double]] {
        let m = dimension
        var out = coefficients.map { _ in [Double](repeating: 0, count: m) }
        let length = coefficients.map(\.count).max() ?? 0
        precondition(length <= steps, "more coefficients than Lanczos steps")
        guard length > 0 else { return out }
        switch storage {
        case .keep:
            for (r, c) in coefficients.enumerated() where !c.isEmpty {
                la_dgemv(1, Int32(c.count), Int32(m), 1, kept, Int32(m), c, 0, &out[r])
            }
        case .regenerate:
            var q = start, before: [Double] = []
            for j in 0..<length {
                for (r, c) in coefficients.enumerated() where j < c.count { Vec.axpy(c[j], q, &out[r]) }
                if j == length - 1 { break }
                // Step j of `step(operator:)`, with its α and β instead of new inner products.
                var w = try apply(q)
                applications += 1
                if j > 0 { Vec.axpy(-beta[j - 1], before, &w) }
                Vec.axpy(-alpha[j], q, &w)
                before = q
                q = w.map { $0 / beta[j] }
            }
        }
        return out
    }
}

extension LanczosFunction {
    /// The outcome of ``converge(tolerance:maxSteps:function:operator:)``.
    public struct Convergence {
        /// T's eigendecomposition at the last step.
        public var eigen: SymmetricEigen
        /// The coefficients c of φ(A)b in the basis Q, for the φ of the last check.
        public var coefficients: [Double]
        /// The relative change ‖c − c_prev‖/‖c‖ since the previous check (0 when the Krylov
        /// space became invariant; infinity when there was no previous check).
        public var change: Double
        /// Whether the change reached the tolerance or the space became invariant.
        public var converged: Bool
    }

    /// Steps until the coefficients of φ(A)b settle. At checkpoints — every step up to k = 16,
    /// then every ⌊k/16⌋ steps, so that the eigendecompositions of T cost O(k³) in all and at most
    /// 1/16 of the products are spent past the point of convergence — c is computed and compared
    /// with the checkpoint at least max(8, k/8) steps back; the process stops when the relative
    /// change ‖c − c_back‖/‖c‖ (Q is orthonormal, so this is the change of the vector itself) is
    /// at most `tolerance`, or at `maxSteps`, or when the space is invariant. The change is an
    /// a-posteriori estimate of the error of c_back, so of an upper bound on c's while the
    /// convergence is monotone.
    ///
    /// `function` gives φ from T's current Ritz values (ascending), so φ may depend on a scale
    /// estimated from them (SFHF's first damping value is relative to max θ²).
    public mutating func converge(tolerance: Double, maxSteps: Int,
                                  function: ([Double]) -> (Double) -> Double,
                                  operator apply: ([Double]) throws -> [Double]) throws -> Convergence {
        /// Earlier checkpoints' steps and coefficients.
        var history: [(steps: Int, c: [Double])] = []
        var nextCheck = 1
        while true {
            if steps == 0 && !canStep {
                // b = 0 (φ(A)b = 0 for every φ with φ finite), or a non-finite start.
                return Convergence(eigen: try eigen(), coefficients: [], change: 0, converged: startNorm == 0)
            }
            let done = !canStep || steps >= maxSteps
            if !done { try step(operator: apply) }
            guard steps >= nextCheck || !canStep || steps >= maxSteps else { continue }
            nextCheck = steps + max(1, steps / Self.checkEvery)
            let eig = try eigen()
            let c = coefficients(function(eig.values), eigen: eig)
            var change = Double.infinity
            if invariant {
                change = 0
            } else if let p = history.last(where: { $0.steps <= steps - max(Self.minLookback, steps / Self.lookback) })?.c {
                var d = 0.0
                for i in c.indices { let e = c[i] - (i < p.count ? p[i] : 0); d += e * e }
                let size = Vec.norm(c)
                change = size > 0 ? d.squareRoot() / size : (d == 0 ? 0 : .infinity)
            }
            if change <= tolerance || !canStep || steps >= maxSteps || done {
                return Convergence(eigen: eig, coefficients: c, change: change,
                                   converged: change <= tolerance || invariant)
            }
            history.append((steps, c))
        }
    }

    /// Checkpoints come every max(1, k/`checkEvery`) steps.
    static let checkEvery = 16
    /// The change is measured against the checkpoint at least max(`minLookback`, k/`lookback`)
    /// steps back. Comparing with the previous checkpoint alone stopped too early where the
    /// convergence stalls for a few steps (measured on the digits MLP: cosine 0.97 at a
    /// tolerance of 10⁻², where this rule gives 0.9999).
    static let lookback = 8
    static let minLookback = 8
}
