/// The Lanczos process with full reorthogonalisation on a symmetric operator v ↦ A v.
///
/// After k steps from a start vector q₁, Q = [q₁ … q_k] is an orthonormal basis of the Krylov
/// subspace span{q₁, A q₁, …, A^{k−1} q₁} and T = QᵀAQ is tridiagonal. The eigenvalues of T (Ritz
/// values) approximate A's extremal eigenvalues first. Full reorthogonalisation (two Gram–Schmidt
/// passes against every earlier vector) keeps Q orthonormal in floating point, at O(nk²) cost,
/// which is cheap next to the k operator applications it saves from repeating.
public struct Lanczos: Sendable {
    /// Orthonormal Krylov basis vectors q₁ … q_k (k may be less than requested on breakdown).
    public var basis: [[Double]]
    /// The products A q_i, kept when requested (the Krylov SFN subspace Hessian needs them).
    public var products: [[Double]]
    /// The diagonal α of the tridiagonal T, one per basis vector.
    public var alpha: [Double]
    /// The off-diagonal β of T: βᵢ couples qᵢ and qᵢ₊₁ (one fewer than `alpha`).
    public var beta: [Double]
    /// Operator applications performed.
    public var applications: Int

    /// Runs up to `steps` Lanczos steps from `start` (need not be normalised; must be nonzero).
    /// Stops early when the Krylov space is invariant (β below `breakdown` relative to ‖A‖'s estimate),
    /// or when `isCancelled()`, asked before each application, is true: the steps taken so far are
    /// a Lanczos run of their own (the caller tells the two apart by asking `isCancelled` again).
    public init(steps: Int, start: [Double], keepProducts: Bool = false, breakdown: Double = 1e-12,
                until isCancelled: () -> Bool = { false },
                operator apply: ([Double]) throws -> [Double]) rethrows {
        let n = start.count
        basis = []; products = []; alpha = []; beta = []; applications = 0
        let s = Vec.norm(start)
        guard s > 0, s.isFinite, steps > 0 else { return }
        var q = start.map { $0 / s }
        var scale = 0.0
        for j in 0..<min(steps, n) {
            if isCancelled() {
                if !beta.isEmpty { beta.removeLast() }  // β of a vector that gets no step
                break
            }
            basis.append(q)
            var w = try apply(q)
            applications += 1
            if keepProducts { products.append(w) }
            let a = Vec.dot(q, w)
            alpha.append(a)
            // Two passes of classical Gram–Schmidt against all basis vectors ("twice is enough").
            for _ in 0..<2 {
                for v in basis {
                    let c = Vec.dot(v, w)
                    Vec.axpy(-c, v, &w)
                }
            }
            let b = Vec.norm(w)
            scale = max(scale, abs(a), b)
            if j == min(steps, n) - 1 { break }
            if !(b > breakdown * max(1, scale)) { break }
            beta.append(b)
            q = w.map { $0 / b }
        }
    }

    /// The tridiagonal T = QᵀAQ as a dense matrix.
    public var tridiagonal: Tensor {
        let k = alpha.count
        var t = Tensor.zeros([k, k])
        for i in 0..<k { t[i, i] = alpha[i] }
        for i in 0..<min(beta.count, k - 1) { t[i, i + 1] = beta[i]; t[i + 1, i] = beta[i] }
        return t
    }

    /// Ritz values (ascending) and, when requested, Ritz vectors Q y in the full space.
    public func ritz(vectors wantVectors: Bool = false) throws -> (values: [Double], vectors: [[Double]]) {
        let k = alpha.count
        if k == 0 { return ([], []) }
        let eig = try SymmetricEigen.tridiagonal(diagonal: alpha, offDiagonal: beta, vectors: wantVectors)
        guard wantVectors, let y = eig.vectors else { return (eig.values, []) }
        let n = basis[0].count
        var out: [[Double]] = []
        for i in 0..<k {
            var v = [Double](repeating: 0, count: n)
            for j in 0..<k { Vec.axpy(y[j, i], basis[j], &v) }
            out.append(v)
        }
        return (eig.values, out)
    }
}
