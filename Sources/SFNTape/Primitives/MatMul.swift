// Matrix products by BLAS dgemm, with tangent and adjoint rules that never form a transpose.
import SFNNumerics

/// Y = op(A) · op(B) for matrices, by BLAS dgemm; op is the transpose when the flag is set, so
/// that adjoints (Ȳ·Bᵀ, Aᵀ·Ȳ) never materialise a transpose. op(A) is m×k, op(B) is k×n.
/// Vectors are reshaped to 1×k or k×1 by `Graph.matmul` before they get here.
struct MatMul: Primitive {
    public let transA: Bool, transB: Bool
    let m: Int, k: Int, n: Int

    public init(transA: Bool, transB: Bool, m: Int, k: Int, n: Int) {
        self.transA = transA; self.transB = transB; self.m = m; self.k = k; self.n = n
    }

    public var name: String { "matmul" }
    var lda: Int { transA ? m : k }
    var ldb: Int { transB ? k : n }

    public func forward(_ x: Operands, _ y: UnsafeMutablePointer<Double>) {
        BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: x[0], lda: lda, b: x[1], ldb: ldb,
                  beta: 0, c: y, ldc: n)
    }

    public func tangent(_ x: Operands, _ y: UnsafePointer<Double>, _ dx: Tangents,
                        _ dy: UnsafeMutablePointer<Double>, _ batch: Int, _ scratch: UnsafeMutablePointer<Double>) {
        let (sizeA, sizeB, sizeY) = (m * k, k * n, m * n)
        var written = false
        if let da = dx[0] {
            if !transA {
                // All tangents at once: the k stacked dA_j form one (batch·m)×k matrix.
                BLAS.gemm(transA: false, transB: transB, m: batch * m, n: n, k: k, a: da, lda: lda,
                          b: x[1], ldb: ldb, beta: 0, c: dy, ldc: n)
            } else {
                for j in 0..<batch {
                    BLAS.gemm(transA: true, transB: transB, m: m, n: n, k: k, a: da + j * sizeA, lda: lda,
                              b: x[1], ldb: ldb, beta: 0, c: dy + j * sizeY, ldc: n)
                }
            }
            written = true
        }
        if let db = dx[1] {
            for j in 0..<batch {
                BLAS.gemm(transA: transA, transB: transB, m: m, n: n, k: k, a: x[0], lda: lda,
                          b: db + j * sizeB, ldb: ldb, beta: written ? 1 : 0, c: dy + j * sizeY, ldc: n)
            }
        }
    }

    public func adjoint(_ g: Graph, _ x: [Node], _ y: Node, _ dy: Node) throws -> [Node?] {
        let (a, b) = (x[0], x[1])
        let va = g.varies(a), vb = g.varies(b)
        switch (transA, transB) {
        case (false, false):
            return [va ? try g.matrixProduct(dy, b, transB: true) : nil, vb ? try g.matrixProduct(a, dy, transA: true) : nil]
        case (true, false):
            return [va ? try g.matrixProduct(b, dy, transB: true) : nil, vb ? try g.matrixProduct(a, dy) : nil]
        case (false, true):
            return [va ? try g.matrixProduct(dy, b) : nil, vb ? try g.matrixProduct(dy, a, transA: true) : nil]
        case (true, true):
            return [va ? try g.matrixProduct(b, dy, transA: true, transB: true) : nil,
                    vb ? try g.matrixProduct(dy, a, transA: true, transB: true) : nil]
        }
    }
}
