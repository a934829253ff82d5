// Linear solves and determinants by LAPACK (dgesv, dgetrf).
import CLinAlg

/// Linear solves by LAPACK.
public enum LinearSolve {
    /// Solves A x = b by LU with partial pivoting (dgesv). Throws `.singular` for an exactly singular
    /// A and `.nonFinite` when the answer is not finite (numerically singular).
    public static func solve(_ a: Tensor, _ b: [Double]) throws -> [Double] {
        let x = try solve(a, Tensor(shape: [b.count, 1], scalars: b))
        return x.scalars
    }

    /// Solves A X = B for a matrix right-hand side.
    public static func solve(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.rank == 2, a.shape[0] == a.shape[1] else { throw LinearAlgebraError.notSquare(a.shape) }
        let n = a.shape[0]
        let nrhs = b.rank == 1 ? 1 : b.shape[1]
        precondition(b.shape[0] == n, "solve: right-hand side has \(b.shape[0]) rows, matrix has \(n)")
        if a.scalars.contains(where: { !$0.isFinite }) || b.scalars.contains(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFinite
        }
        var aw = a.scalars, bw = b.scalars
        let info = la_dgesv(Int32(n), Int32(nrhs), &aw, &bw)
        if info > 0 { throw LinearAlgebraError.singular }
        guard info == 0 else { throw LinearAlgebraError.lapack(routine: "dgesv", info: Int(info)) }
        if bw.contains(where: { !$0.isFinite }) { throw LinearAlgebraError.singular }
        return Tensor(shape: b.shape, scalars: bw)
    }

    /// det(A) from the LU factorisation (dgetrf): the product of U's diagonal, negated once per row
    /// interchange. An exactly singular A gives 0; like NumPy, the product may overflow to ±inf.
    public static func determinant(_ a: Tensor) throws -> Double {
        guard a.rank == 2, a.shape[0] == a.shape[1] else { throw LinearAlgebraError.notSquare(a.shape) }
        let n = a.shape[0]
        if a.scalars.contains(where: { !$0.isFinite }) { throw LinearAlgebraError.nonFinite }
        var lu = a.scalars
        var pivots = [Int32](repeating: 0, count: max(n, 1))
        let info = la_dgetrf(Int32(n), &lu, &pivots)
        guard info >= 0 else { throw LinearAlgebraError.lapack(routine: "dgetrf", info: Int(info)) }
        var det = 1.0
        for i in 0..<n {
            det *= lu[i * n + i]
            if pivots[i] != Int32(i + 1) { det = -det }
        }
        return det
    }

    /// `solve(a, b)` where the caller can walk away: nil when `isCancelled()`
    /// turns true before it is done (from order ``Abandonable/order`` on it runs on a thread of
    /// its own, see ``Abandonable``).
    public static func solve(_ a: Tensor, _ b: Tensor, isCancelled: () -> Bool) throws -> Tensor? {
        let n = a.rank == 2 ? a.shape[0] : 0
        return try Abandonable.run(inline: n < Abandonable.order, isCancelled: isCancelled) { try solve(a, b) }
    }

    /// `solve(a, b)` for a vector b where the caller can walk away (as above).
    public static func solve(_ a: Tensor, _ b: [Double], isCancelled: () -> Bool) throws -> [Double]? {
        try solve(a, Tensor(shape: [b.count, 1], scalars: b), isCancelled: isCancelled)?.scalars
    }

    /// ``determinant(_:)`` where the caller can walk away (as the solves above).
    public static func determinant(_ a: Tensor, isCancelled: () -> Bool) throws -> Double? {
        let n = a.rank == 2 ? a.shape[0] : 0
        return try Abandonable.run(inline: n < Abandonable.order, isCancelled: isCancelled) { try determinant(a) }
    }
}
