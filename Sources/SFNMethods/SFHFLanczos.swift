// SFHF's Lanczos route (`sfhf(…, method="lanczos")`, the default): the step −(H² + λI)⁻¹|H|g as
// one function of H applied to g, from a Lanczos process started at g.
import SFNNumerics

/// The Lanczos route of an SFHF step.
///
/// The SFHF direction is a single matrix function applied to the gradient,
///
///     Δ(λ) = −(H² + λI)⁻¹|H| g = −φ_λ(H) g,    φ_λ(x) = |x| / (x² + λ),
///
/// since H², |H| and their inverses share H's eigenvectors. So it needs neither the square-root
/// ODE nor CG on H²: the Lanczos approximation ‖g‖ Q φ_λ(T) e₁ from the Krylov space of H started
/// at g (``LanczosFunction``) converges at the rate the best polynomial approximation of φ_λ on
/// H's spectrum allows — φ_λ is smooth at the scale √λ, so about λ_max/√λ steps at worst, and far
/// fewer in practice (measured: 100–200 on the digits MLP at λ = 10⁻⁴·λ_max², where the ODE route
/// spends about 9,000 products). Each Lanczos step is one hvp; the ODE route's stage products and
/// inner CG iterations are two (a product with H²) each.
///
/// - **Stopping.** The coefficients of φ_λ(T)e₁ are compared at checkpoints (every step up to 16,
///   then every k/16 steps); the process stops when they change by at most
///   ``SFHFSettings/lanczosTolerance`` (relative), or after `lanczos` steps.
/// - **The scale.** s = max θ² over T's Ritz values, an estimate of λ_max(H²) that costs nothing
///   extra. `damping="auto"` starts from λ = 10⁻³·s and keeps λ in [10⁻¹²·s, 10¹⁰·s].
/// - **λ = 0.** φ₀(x) = 1/|x| has no value at x = 0; the route takes the limit λ → 0⁺ of the
///   damped direction instead (φ_λ(0) = 0 for every λ > 0), −|H|⁺g: Ritz values with
///   |θ| ≤ 10⁻¹²·max|θ| get no step. Where g has no component in H's null space this is the
///   undamped saddle-free Newton direction −|H|⁻¹g.
/// - **Trying several λ.** The Krylov data do not depend on λ, only the coefficients do: a λ that
///   the damping rule rejects costs no new Lanczos run. With the basis kept, any λ's direction is a
///   matrix–vector product; with it regenerated, one second pass (k − 1 hvps) yields the
///   directions of ``SFHFSettings/trialBatch`` values λ, 10λ, 100λ, … together.
struct SFHFLanczosStep {
    private var process: LanczosFunction
    /// T's eigendecomposition at the end of the run.
    let eigen: SymmetricEigen
    /// s = max θ² (1 if every Ritz value is 0).
    let scale: Double
    /// Whether the stopping rule was met (or the space became invariant) before the step cap.
    let converged: Bool

    /// Where the Krylov basis lives.
    var storage: LanczosFunction.Storage { process.storage }
    /// Lanczos steps taken.
    var steps: Int { process.steps }
    /// hvps so far (the Lanczos run and any second passes).
    var applications: Int { process.applications }

    /// Runs Lanczos from g until the direction for λ = `lambda(s)` settles (s from the current
    /// Ritz values), at most `maxSteps` steps.
    init(gradient g: [Double], maxSteps: Int, settings: SFHFSettings,
         lambda: (Double) -> Double, check: () throws(MethodStop) -> Void,
         hvp: ([Double]) throws(MethodStop) -> [Double]) throws(MethodStop) {
        guard Vec.allFinite(g) else { throw .nonFinite }
        process = LanczosFunction(start: g, storage: settings.storage(dimension: g.count, steps: maxSteps))
        let result: LanczosFunction.Convergence
        do {
            result = try process.converge(
                tolerance: settings.lanczosTolerance, maxSteps: maxSteps,
                function: { ritz in Self.phi(lambda: lambda(Self.scale(ritz)), ritz: ritz) },
                operator: { v in try check(); return try hvp(v) })
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        eigen = result.eigen
        scale = Self.scale(result.eigen.values)
        converged = result.converged
    }

    /// The directions Δ(λ) = −φ_λ(H)g for each λ, from the one Krylov space.
    mutating func directions(_ lambdas: [Double], check: () throws(MethodStop) -> Void,
                             hvp: ([Double]) throws(MethodStop) -> [Double]) throws(MethodStop) -> [[Double]] {
        let ritz = eigen.values
        return try functions(lambdas.map { lambda in
            let phi = Self.phi(lambda: lambda, ritz: ritz)
            return { x in -phi(x) }
        }, check: check, hvp: hvp)
    }

    /// ψ(H)g for each ψ (e.g. the direction and |H|g together).
    mutating func functions(_ psis: [(Double) -> Double], check: () throws(MethodStop) -> Void,
                            hvp: ([Double]) throws(MethodStop) -> [Double]) throws(MethodStop) -> [[Double]] {
        let coefficients = psis.map { process.coefficients($0, eigen: eigen) }
        let out: [[Double]]
        do {
            out = try process.combine(coefficients) { v in try check(); return try hvp(v) }
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        guard out.allSatisfy(Vec.allFinite) else { throw .nonFinite }
        return out
    }

    /// φ_λ(x) = |x|/(x² + λ); for λ = 0, 1/|x| with Ritz values below 10⁻¹²·max|θ| taken as 0.
    static func phi(lambda: Double, ritz: [Double]) -> (Double) -> Double {
        if lambda > 0 { return { x in abs(x) / (x * x + lambda) } }
        let zero = 1e-12 * ritz.reduce(0) { max($0, abs($1)) }
        return { x in abs(x) <= zero ? 0 : 1 / abs(x) }
    }

    /// s = max θ², or 1 when every Ritz value is 0 (H vanishes on the Krylov space).
    static func scale(_ ritz: [Double]) -> Double {
        let top = ritz.reduce(0) { max($0, abs($1)) }
        return top > 0 && top.isFinite ? top * top : 1
    }
}
