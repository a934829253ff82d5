// Symmetric eigendecompositions by LAPACK: dense (dsyevd, dsyevr) and tridiagonal (dstevd).
import CLinAlg

/// Errors from the LAPACK wrappers.
public enum LinearAlgebraError: Error, Equatable, CustomStringConvertible {
    /// The matrix has this shape, which is not n×n.
    case notSquare([Int])
    /// The matrix differs from its transpose by more than rounding (the largest |aᵢⱼ − aⱼᵢ|).
    case notSymmetric(maxAsymmetry: Double)
    /// An entry is infinite or nan.
    case nonFinite
    /// The system has no unique solution (a zero pivot).
    case singular
    /// A LAPACK routine reported failure (`info` as LAPACK returns it).
    case lapack(routine: String, info: Int)

    /// The message the language prints.
    public var description: String {
        switch self {
        case .notSquare(let s): return "expected a square matrix, got shape \(shapeText(s))"
        case .notSymmetric(let d): return "matrix is not symmetric (largest |A - A'| = \(d))"
        case .nonFinite: return "matrix has non-finite entries"
        case .singular: return "matrix is singular"
        case .lapack(let r, let info): return "LAPACK \(r) failed (info = \(info))"
        }
    }
}

/// The eigendecomposition A = V diag(values) Vᵀ of a symmetric matrix, from LAPACK's dsyevd.
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in ascending order.
    public var values: [Double]
    /// Eigenvectors as the columns of an n×n matrix, matching `values`; nil when not requested.
    public var vectors: Tensor?

    /// Decomposes a symmetric matrix. Only symmetry up to rounding is assumed: the matrix is
    /// symmetrised as (A + Aᵀ)/2 first, and a clearly asymmetric input is rejected.
    public init(_ a: Tensor, vectors wantVectors: Bool = true) throws {
        guard a.rank == 2, a.shape[0] == a.shape[1] else { throw LinearAlgebraError.notSquare(a.shape) }
        let n = a.shape[0]
        var work = a.scalars
        var scale = 0.0, asym = 0.0
        for x in work { guard x.isFinite else { throw LinearAlgebraError.nonFinite }; scale = max(scale, abs(x)) }
        for i in 0..<n {
            for j in 0..<i {
                let (x, y) = (work[i * n + j], work[j * n + i])
                asym = max(asym, abs(x - y))
                let m = 0.5 * (x + y)
                work[i * n + j] = m; work[j * n + i] = m
            }
        }
        if asym > 1e-8 * max(1, scale) { throw LinearAlgebraError.notSymmetric(maxAsymmetry: asym) }
        var w = [Double](repeating: 0, count: n)
        if n == 0 { values = []; vectors = wantVectors ? Tensor.zeros([0, 0]) : nil; return }
        let info = la_dsyevd(wantVectors ? 1 : 0, Int32(n), &work, &w)
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "dsyevd", info: Int(info)) }
        values = w
        // LAPACK leaves eigenvector i in row i of our row-major buffer; the contract wants columns.
        vectors = wantVectors ? Tensor(shape: [n, n], scalars: work).transposed : nil
    }

    /// The eigenvector of eigenvalue i (0-based, ascending order).
    public func vector(_ i: Int) -> [Double] {
        guard let v = vectors else { return [] }
        let n = values.count
        return (0..<n).map { v.scalars[$0 * n + i] }
    }

    /// The eigenvalues il...iu (0-based, ascending, inclusive) of a symmetric matrix, with their
    /// vectors as columns, by LAPACK's dsyevr; cheaper than a full decomposition for a few of them.
    public static func selected(_ a: Tensor, range: ClosedRange<Int>, vectors wantVectors: Bool = true) throws
        -> SymmetricEigen
    {
        guard a.rank == 2, a.shape[0] == a.shape[1] else { throw LinearAlgebraError.notSquare(a.shape) }
        let n = a.shape[0]
        precondition(range.lowerBound >= 0 && range.upperBound < n, "eigenvalue range out of bounds")
        var work = a.scalars
        let k = range.count
        var w = [Double](repeating: 0, count: n)
        var z = [Double](repeating: 0, count: n * k)
        var found: Int32 = 0
        let info = la_dsyevr(wantVectors ? 1 : 0, Int32(n), &work, Int32(range.lowerBound + 1),
                             Int32(range.upperBound + 1), &w, &z, &found)
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "dsyevr", info: Int(info)) }
        var result = SymmetricEigen(values: Array(w.prefix(Int(found))), vectors: nil)
        if wantVectors { result.vectors = Tensor(shape: [Int(found), n], scalars: Array(z.prefix(Int(found) * n))).transposed }
        return result
    }

    /// The eigendecomposition of the symmetric tridiagonal matrix with `diagonal` (n) and
    /// `offDiagonal` (n − 1) by LAPACK's dstevd (divide and conquer), without forming it densely:
    /// O(n²) for the values, the Lanczos matrices' natural solver. Vectors as columns, as ``init(_:vectors:)``.
    public static func tridiagonal(diagonal: [Double], offDiagonal: [Double], vectors wantVectors: Bool = true) throws
        -> SymmetricEigen
    {
        let n = diagonal.count
        precondition(offDiagonal.count >= n - 1 || n == 0, "a tridiagonal matrix of size \(n) needs \(n - 1) off-diagonal entries")
        if n == 0 { return SymmetricEigen(values: [], vectors: wantVectors ? Tensor.zeros([0, 0]) : nil) }
        guard diagonal.allSatisfy(\.isFinite), offDiagonal.prefix(n - 1).allSatisfy(\.isFinite) else {
            throw LinearAlgebraError.nonFinite
        }
        var d = diagonal
        var e = Array(offDiagonal.prefix(n - 1)) + [0]
        var z = [Double](repeating: 0, count: wantVectors ? n * n : 1)
        let info = la_dstevd(wantVectors ? 1 : 0, Int32(n), &d, &e, &z)
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "dstevd", info: Int(info)) }
        // Eigenvector i comes back in row i of the row-major buffer; the contract wants columns.
        return SymmetricEigen(values: d, vectors: wantVectors ? Tensor(shape: [n, n], scalars: z).transposed : nil)
    }

    init(values: [Double], vectors: Tensor?) { self.values = values; self.vectors = vectors }

    /// ``init(_:vectors:)`` where the caller can walk away: nil when `isCancelled()` turns true
    /// before it is done. From order ``Abandonable/order`` on it runs on a thread of its own
    /// (see ``Abandonable``), so Ctrl-C is honoured within milliseconds even at n = 10000.
    public static func cancellable(_ a: Tensor, vectors wantVectors: Bool = true,
                                   isCancelled: () -> Bool) throws -> SymmetricEigen? {
        let n = a.rank == 2 ? a.shape[0] : 0
        return try Abandonable.run(inline: n < Abandonable.order, isCancelled: isCancelled) {
            try SymmetricEigen(a, vectors: wantVectors)
        }
    }

    /// ``tridiagonal(diagonal:offDiagonal:vectors:)`` where the caller can walk away (as
    /// ``cancellable(_:vectors:isCancelled:)``).
    public static func tridiagonal(diagonal: [Double], offDiagonal: [Double], vectors wantVectors: Bool = true,
                                   isCancelled: () -> Bool) throws -> SymmetricEigen? {
        try Abandonable.run(inline: diagonal.count < Abandonable.order, isCancelled: isCancelled) {
            try SymmetricEigen.tridiagonal(diagonal: diagonal, offDiagonal: offDiagonal, vectors: wantVectors)
        }
    }
}
