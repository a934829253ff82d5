// `critical`: Newton's method used on purpose to find the nearest critical point of any index.
import SFNNumerics

/// The record of `critical`: where the search ended, its classification, and how it got there.
public struct CriticalResult: Sendable {
    /// The `classify` fields at the final point.
    public var classification: Classification
    /// Newton steps taken.
    public var steps: Int
    /// Whether ‖∇f‖ ≤ tol was reached.
    public var converged: Bool
    /// The full run record (reason, history, evals, hvps, seconds), as for an optimiser.
    public var run: MethodResult
}

/// Newton's method on the critical-point equation ∇f(θ) = 0, whatever the index of the answer.
///
/// ## Algorithm
/// Each step forms H (m hvps), eigendecomposes it and takes the pseudo-inverse Newton step
/// Δ = −H⁺g, dropping eigenvalues with |λ| ≤ 10⁻¹⁰·max(1, max|λ|) so that a (near-)singular H
/// does not throw the iterate to infinity. The step is then shortened, t = 1, ½, ¼, … (at most 40
/// halvings), until ‖∇f‖² decreases: the merit function is ‖∇f‖², not f, so saddles and maxima
/// are as attractive as minima and the method converges to the critical point whose basin of the
/// Newton flow holds θ₀. If no halving lowers ‖∇f‖² the run stops as stalled (`"max steps"`).
/// `Methods.critical` then classifies the final point.
public struct CriticalSearch: StepMethod {
    /// A search with no options (the tolerance and step budget come from ``RunOptions``).
    public init() {}

    /// `"critical"`.
    public var name: String { "critical" }

    /// One pseudo-inverse Newton step Δ = −H⁺g, halved until ‖∇f‖² decreases (m hvps and one
    /// eigendecomposition, plus one evaluation per trial); throws ``MethodStop/stalled`` when no
    /// halving helps.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        let eig = try context.hessianEigen(at: current.x)
        let values = eig.values
        let vectors = eig.vectors ?? Tensor.zeros([0, 0])
        let cut = 1e-10 * max(1, values.reduce(0) { max($0, abs($1)) })
        var coords = BLAS.matvec(vectors, current.gradient, transpose: true)
        for i in 0..<values.count { coords[i] = abs(values[i]) > cut ? -coords[i] / values[i] : 0 }
        let delta = BLAS.matvec(vectors, coords)

        let merit = current.gnorm * current.gnorm
        var t = 1.0
        for _ in 0...40 {
            var x = current.x
            Vec.axpy(t, delta, &x)
            let trial = try context.iterate(at: x)
            if trial.isFinite, trial.gnorm * trial.gnorm < merit {
                return StepReport(next: trial, note: t == 1 ? "" : "t=\(t)")
            }
            t /= 2
        }
        throw .stalled
    }
}

extension Methods {
    /// `critical(f, x0, steps=50)`: Newton's method used on purpose to find the nearest critical
    /// point of any index (see ``CriticalSearch``), then `classify` there with `classifyTol` and
    /// `gtol`. `options.tol` (default 10⁻⁸) is the gradient norm that counts as converged; the
    /// default step budget is 50, the contract's. An interrupted search (`options.cancellation`)
    /// reports the point it reached with NaN eigenvalues.
    public static func critical(_ objective: any Objective, x0: [Double],
                                options: RunOptions = RunOptions(steps: MethodDefaults.criticalSteps),
                                classifyTol: Double = 1e-6, gtol: Double = 1e-6) -> CriticalResult {
        var run = Driver.run(CriticalSearch(), on: objective, from: x0, options: options)
        // The driver only ever keeps a finite iterate, but the Hessian there may still fail; then
        // the eigenvalues are reported as NaN rather than losing the run. So they are too when
        // the run was interrupted (the point's Hessian is not formed: Ctrl-C wants the prompt)
        // or is interrupted while they are computed.
        var values = [Double](repeating: .nan, count: objective.dimension)
        if run.reason != .interrupted {
            do throws(AnalysisError) {
                values = try hessianEigenvalues(objective, at: run.x, cancellation: options.cancellation)
            } catch .interrupted {
                run.reason = .interrupted; run.converged = false  // the record's invariant
            } catch {}
        }
        let c = Classification(eigenvalues: values, gnorm: run.gnorm, f: run.f, x: run.x,
                               tol: classifyTol, gtol: gtol)
        return CriticalResult(classification: c, steps: run.steps, converged: run.converged, run: run)
    }
}
