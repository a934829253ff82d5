// BLAS: matrix products and the thread count, on raw buffers and on Tensors.
import CLinAlg
import Synchronization

import Foundation

/// Matrix products and thread control from BLAS (OpenBLAS on Linux, Accelerate on macOS).
public enum BLAS {
    /// The most threads a BLAS or LAPACK call may use. Each call uses them only when its work pays
    /// for it (2mnk ≥ 3·10⁷ flops, measured: see clinalg.c), and one thread otherwise, so the
    /// small products of scalar and small-network objectives never wait on a second thread.
    ///
    /// The default (`useDefaultThreads()`, called when an objective is compiled) is the first of
    /// `SFN_THREADS`, `OPENBLAS_NUM_THREADS` and `OMP_NUM_THREADS` that is set (as NumPy users
    /// expect those to hold), else the number of CPUs the process may run on: its affinity mask,
    /// so a `taskset -c 0` run gets one. Setting `threads` replaces it.
    public static var threads: Int {
        get { Int(la_get_num_threads()) }
        set { la_set_num_threads(Int32(max(1, newValue))); configured.withLock { $0 = true } }
    }

    private static let configured = Mutex(false)

    /// The default thread count (see ``threads``), set the first time this is called unless
    /// `threads` was set explicitly before.
    public static func useDefaultThreads() {
        let first = configured.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        la_set_num_threads(Int32(defaultThreads(environment: ProcessInfo.processInfo.environment)))
    }

    /// The default thread count for an environment.
    public static func defaultThreads(environment: [String: String]) -> Int {
        for name in ["SFN_THREADS", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"] {
            if let n = environment[name].flatMap({ Int($0) }), n >= 1 { return n }
        }
        return max(1, Int(la_available_cpus()))
    }

    /// CPUs the process may run on.
    public static var availableCPUs: Int { max(1, Int(la_available_cpus())) }

    /// C = alpha · op(A) · op(B) + beta · C on raw row-major buffers. op(A) is m×k, op(B) is k×n.
    @inlinable
    public static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                            alpha: Double = 1, a: UnsafePointer<Double>, lda: Int,
                            b: UnsafePointer<Double>, ldb: Int,
                            beta: Double = 0, c: UnsafeMutablePointer<Double>, ldc: Int) {
        if m == 0 || n == 0 { return }
        la_dgemm(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
                 a, Int32(max(1, lda)), b, Int32(max(1, ldb)), beta, c, Int32(max(1, ldc)))
    }

    /// The matrix product of two matrices.
    public static func matmul(_ a: Tensor, _ b: Tensor, transA: Bool = false, transB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs matrices")
        let m = transA ? a.shape[1] : a.shape[0], k = transA ? a.shape[0] : a.shape[1]
        let k2 = transB ? b.shape[1] : b.shape[0], n = transB ? b.shape[0] : b.shape[1]
        precondition(k == k2, "matmul: inner sizes \(k) and \(k2) differ")
        var c = [Double](repeating: 0, count: m * n)
        a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    gemm(transA: transA, transB: transB, m: m, n: n, k: k,
                         a: pa.baseAddress!, lda: a.shape[1], b: pb.baseAddress!, ldb: b.shape[1],
                         c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return Tensor(shape: [m, n], scalars: c)
    }

    /// y = A x for a matrix A and a vector x.
    public static func matvec(_ a: Tensor, _ x: [Double], transpose: Bool = false) -> [Double] {
        precondition(a.rank == 2, "matvec needs a matrix")
        let (m, n) = (a.shape[0], a.shape[1])
        precondition(x.count == (transpose ? m : n), "matvec: vector length \(x.count) does not fit \(a.shape)")
        var y = [Double](repeating: 0, count: transpose ? n : m)
        if m == 0 || n == 0 { return y }
        la_dgemv(transpose ? 1 : 0, Int32(m), Int32(n), 1, a.scalars, Int32(n), x, 0, &y)
        return y
    }
}
