// A line search satisfying the strong Wolfe conditions (Nocedal & Wright 2006, Alg. 3.5 and 3.6).
import SFNNumerics

/// Finds α along a descent direction p with
/// f(θ + αp) ≤ f(θ) + c₁α∇fᵀp (sufficient decrease) and |∇f(θ + αp)ᵀp| ≤ c₂|∇fᵀp| (curvature).
///
/// The curvature condition is what keeps L-BFGS's sᵀy positive. Trial points where f is not finite
/// count as "too far" and shrink the bracket, so a step into a NaN region backs off instead of
/// ending the run. If the evaluation budget runs out, the best point that satisfied sufficient
/// decrease is returned; nil means no such point was seen.
struct WolfeLineSearch {
    var c1 = 1e-4
    var c2 = 0.9
    var maxEvaluations = 30

    /// φ(α) = f(θ + αp) and φ′(α) at one trial point, with the iterate it came from.
    private struct Trial {
        var alpha: Double
        var iterate: Iterate
        var phi: Double { iterate.f.isFinite ? iterate.f : .infinity }
        var slope: Double
    }

    func search(from start: Iterate, direction p: [Double], initialStep: Double,
                in context: StepContext) throws(MethodStop) -> Iterate? {
        let phi0 = start.f
        let slope0 = Vec.dot(start.gradient, p)
        guard slope0 < 0 else { return nil }
        var evaluations = 0
        var bestArmijo: Trial?

        func evaluate(_ alpha: Double) throws(MethodStop) -> Trial {
            var x = start.x
            Vec.axpy(alpha, p, &x)
            let it = try context.iterate(at: x)
            evaluations += 1
            let trial = Trial(alpha: alpha, iterate: it, slope: Vec.dot(it.gradient, p))
            if armijo(trial), trial.iterate.isFinite, trial.phi < (bestArmijo?.phi ?? .infinity) {
                bestArmijo = trial
            }
            return trial
        }
        func armijo(_ t: Trial) -> Bool { t.phi <= phi0 + c1 * t.alpha * slope0 }
        func curvature(_ t: Trial) -> Bool { abs(t.slope) <= -c2 * slope0 }

        // Zoom (Alg. 3.6): lo satisfies sufficient decrease and has the lowest φ seen so far; the
        // minimiser of the Wolfe conditions lies between lo and hi.
        func zoom(_ lo: Trial, _ hi: Trial) throws(MethodStop) -> Iterate? {
            var lo = lo, hi = hi
            while evaluations < maxEvaluations {
                let alpha = interpolate(lo, hi)
                let t = try evaluate(alpha)
                if !armijo(t) || t.phi >= lo.phi {
                    hi = t
                } else {
                    if curvature(t) && t.iterate.isFinite { return t.iterate }
                    if t.slope * (hi.alpha - lo.alpha) >= 0 { hi = lo }
                    lo = t
                }
                if abs(hi.alpha - lo.alpha) <= 1e-16 * max(1, abs(lo.alpha)) { break }
            }
            return bestArmijo?.iterate
        }

        // Bracketing (Alg. 3.5): grow α until the interval surely holds an acceptable point.
        var previous = Trial(alpha: 0, iterate: start, slope: slope0)
        var alpha = initialStep
        while evaluations < maxEvaluations {
            let t = try evaluate(alpha)
            if !armijo(t) || (evaluations > 1 && t.phi >= previous.phi) { return try zoom(previous, t) }
            if curvature(t) && t.iterate.isFinite { return t.iterate }
            if t.slope >= 0 { return try zoom(t, previous) }
            previous = t
            alpha *= 2
        }
        return bestArmijo?.iterate
    }

    /// The minimiser of the quadratic through φ(lo), φ′(lo) and φ(hi), kept at least a tenth of the
    /// interval away from either end; bisection when φ(hi) is not finite.
    private func interpolate(_ lo: Trial, _ hi: Trial) -> Double {
        let (a, b) = (lo.alpha, hi.alpha)
        let width = b - a
        let mid = a + 0.5 * width
        guard hi.phi.isFinite else { return mid }
        let denominator = 2 * (hi.phi - lo.phi - lo.slope * width)
        guard denominator != 0 else { return mid }
        let candidate = a - lo.slope * width * width / denominator
        let (low, high) = (min(a, b), max(a, b))
        let margin = 0.1 * abs(width)
        guard candidate.isFinite, candidate >= low + margin, candidate <= high - margin else { return mid }
        return candidate
    }
}
