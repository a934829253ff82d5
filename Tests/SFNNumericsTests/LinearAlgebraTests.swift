import Foundation
import Testing
@testable import SFNNumerics

@Suite struct LinearAlgebraTests {
    @Test func eigenvaluesOfKnownSpectrum() throws {
        // Q diag(d) Qᵀ with Q a rotation: eigenvalues are d, eigenvectors the columns of Q.
        let c = 0.6, s = 0.8
        let q = Tensor(rows: [[c, -s, 0], [s, c, 0], [0, 0, 1]])
        let d = Tensor(rows: [[3, 0, 0], [0, -2, 0], [0, 0, 0.5]])
        let a = BLAS.matmul(BLAS.matmul(q, d), q, transB: true)
        let eig = try SymmetricEigen(a)
        #expect(zip(eig.values, [-2, 0.5, 3]).allSatisfy { abs($0 - $1) < 1e-12 })
        // A v = λ v for every returned pair.
        for i in 0..<3 {
            let v = eig.vector(i)
            let av = BLAS.matvec(a, v)
            #expect(zip(av, v).allSatisfy { abs($0 - eig.values[i] * $1) < 1e-12 })
        }
        let valuesOnly = try SymmetricEigen(a, vectors: false)
        #expect(valuesOnly.vectors == nil)
        #expect(zip(valuesOnly.values, eig.values).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func secondDifferenceMatrixSpectrum() throws {
        // tridiag(-1, 2, -1) of size n has eigenvalues 2 - 2 cos(kπ/(n+1)).
        let n = 40
        var a = Tensor.zeros([n, n])
        for i in 0..<n { a[i, i] = 2; if i > 0 { a[i, i - 1] = -1; a[i - 1, i] = -1 } }
        let eig = try SymmetricEigen(a, vectors: false)
        for k in 1...n {
            let exact = 2 - 2 * Foundation.cos(Double(k) * .pi / Double(n + 1))
            #expect(abs(eig.values[k - 1] - exact) < 1e-12)
        }
        let few = try SymmetricEigen.selected(a, range: 0...1)
        #expect(abs(few.values[0] - eig.values[0]) < 1e-12)
        #expect(few.vectors?.shape == [n, 2])
    }

    @Test func rejectsAsymmetricAndNonFinite() {
        #expect(throws: LinearAlgebraError.self) { try SymmetricEigen(Tensor(rows: [[1, 2], [0, 1]])) }
        #expect(throws: LinearAlgebraError.nonFinite) { try SymmetricEigen(Tensor(rows: [[.nan, 0], [0, 1]])) }
        #expect(throws: LinearAlgebraError.notSquare([1, 2])) { try SymmetricEigen(Tensor(rows: [[1, 2]])) }
    }

    @Test func solveAndSingular() throws {
        let a = Tensor(rows: [[4, 1], [2, 3]])
        let x = try LinearSolve.solve(a, [1, 2])
        #expect(abs(4 * x[0] + x[1] - 1) < 1e-14 && abs(2 * x[0] + 3 * x[1] - 2) < 1e-14)
        #expect(throws: LinearAlgebraError.singular) { try LinearSolve.solve(Tensor(rows: [[1, 2], [2, 4]]), [1, 1]) }
    }

    @Test func gemmMatchesHandProduct() {
        let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let b = Tensor(rows: [[1, 0], [0, 1], [1, 1]])
        #expect(BLAS.matmul(a, b) == Tensor(rows: [[4, 5], [10, 11]]))
        #expect(BLAS.matmul(a, a, transB: true) == Tensor(rows: [[14, 32], [32, 77]]))
        #expect(BLAS.matmul(a, a, transA: true).shape == [3, 3])
        #expect(BLAS.matvec(a, [1, 1, 1]) == [6, 15])
        #expect(BLAS.matvec(a, [1, 1], transpose: true) == [5, 7, 9])
    }

    @Test func lanczosFindsExtremeEigenvalues() throws {
        // Diagonal operator with known spectrum 1...200 plus one negative eigenvalue.
        let n = 200
        let d: [Double] = (0..<n).map { (i: Int) -> Double in i == 7 ? -5.0 : Double(i + 1) }
        let lan = Lanczos(steps: 60, start: (0..<n).map { 1 + 0.01 * Double($0) }) { v in
            (0..<n).map { d[$0] * v[$0] }
        }
        let (ritz, _) = try lan.ritz()
        #expect(abs(ritz.first! - -5) < 1e-8)
        #expect(abs(ritz.last! - 200) < 1e-6)
        // Basis stays orthonormal under full reorthogonalisation.
        for i in 0..<lan.basis.count {
            for j in 0..<lan.basis.count {
                #expect(abs(Vec.dot(lan.basis[i], lan.basis[j]) - (i == j ? 1 : 0)) < 1e-10)
            }
        }
    }

    @Test func lanczosStopsOnInvariantSubspace() throws {
        // Start vector in a 2-dimensional eigenspace: the Krylov space has dimension 2.
        let d = [1.0, 2, 3, 4, 5]
        let lan = Lanczos(steps: 5, start: [1, 1, 0, 0, 0]) { v in (0..<5).map { d[$0] * v[$0] } }
        #expect(lan.alpha.count == 2)
        let (ritz, vecs) = try lan.ritz(vectors: true)
        #expect(abs(ritz[0] - 1) < 1e-12 && abs(ritz[1] - 2) < 1e-12)
        #expect(abs(abs(vecs[0][0]) - 1) < 1e-12)
    }

    @Test func conjugateGradientSolvesSPD() {
        let n = 50
        var a = Tensor.zeros([n, n])
        for i in 0..<n { a[i, i] = 2 + Double(i) * 0.1; if i > 0 { a[i, i - 1] = -1; a[i - 1, i] = -1 } }
        let b = (0..<n).map { Foundation.sin(Double($0)) }
        let cg = ConjugateGradient(tolerance: 1e-12, maxIterations: 200, b: b) { BLAS.matvec(a, $0) }
        #expect(cg.converged && !cg.negativeCurvature)
        let exact = try! LinearSolve.solve(a, b)
        #expect(zip(cg.x, exact).allSatisfy { abs($0 - $1) < 1e-9 })
        // Indefinite operator: CG reports the negative curvature instead of diverging.
        let bad = ConjugateGradient(maxIterations: 10, b: [1, 1]) { v in [v[0], -v[1]] }
        #expect(bad.negativeCurvature)
    }

    @Test func broadcastingFollowsNumPy() {
        #expect(Broadcast.shape([3, 1], [4]) == [3, 4])
        #expect(Broadcast.shape([2, 3], [3]) == [2, 3])
        #expect(Broadcast.shape([2, 3], [2]) == nil)
        #expect(Broadcast.shape([], [5]) == [5])
        let b = Broadcast.stretch(Tensor([1, 2, 3]), to: [2, 3])
        #expect(b == Tensor(rows: [[1, 2, 3], [1, 2, 3]]))
        let col = Broadcast.stretch(Tensor(shape: [2, 1], scalars: [5, 6]), to: [2, 3])
        #expect(col == Tensor(rows: [[5, 5, 5], [6, 6, 6]]))
        #expect(Broadcast.sum(Tensor(rows: [[1, 2, 3], [4, 5, 6]]), to: [3]) == Tensor([5, 7, 9]))
        #expect(Broadcast.sum(Tensor(rows: [[1, 2, 3], [4, 5, 6]]), to: [2, 1]) == Tensor(shape: [2, 1], scalars: [6, 15]))
        #expect(Broadcast.sum(Tensor(rows: [[1, 2, 3], [4, 5, 6]]), to: []) == Tensor(21))
    }
}

import Foundation

/// The BLAS thread policy's default (BLAS.threads): an explicit variable wins, in the order
/// SFN_THREADS, OPENBLAS_NUM_THREADS, OMP_NUM_THREADS; otherwise the CPUs the process may run on.
@Suite struct ThreadDefaultTests {
    @Test func explicitVariablesWinInOrder() {
        #expect(BLAS.defaultThreads(environment: ["SFN_THREADS": "3", "OPENBLAS_NUM_THREADS": "1"]) == 3)
        #expect(BLAS.defaultThreads(environment: ["OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "4"]) == 1)
        #expect(BLAS.defaultThreads(environment: ["OMP_NUM_THREADS": "4"]) == 4)
        // Nonsense is ignored, like an unset variable.
        #expect(BLAS.defaultThreads(environment: ["SFN_THREADS": "zero", "OMP_NUM_THREADS": "2"]) == 2)
        #expect(BLAS.defaultThreads(environment: ["SFN_THREADS": "0"]) == BLAS.availableCPUs)
    }

    @Test func otherwiseTheAffinityMask() {
        #expect(BLAS.defaultThreads(environment: [:]) == BLAS.availableCPUs)
        #expect(BLAS.availableCPUs >= 1)
        #expect(BLAS.availableCPUs <= ProcessInfo.processInfo.activeProcessorCount)
    }
}
