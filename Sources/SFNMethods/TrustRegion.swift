// `trust`: trust-region Newton from H·v products, the subproblem by Steihaug–Toint CG or by Lanczos
// (GLTR).
import Foundation
import SFNNumerics

/// How `trust` solves its subproblem (the contract's `solver=`).
public enum TrustSolver: String, Sendable, CaseIterable {
    /// Steihaug–Toint truncated CG (`SteihaugCG`), as scipy's trust-ncg.
    case cg
    /// The model minimised over the Lanczos space from g (`KrylovModel`), as scipy's trust-krylov.
    case lanczos
}

/// Trust-region Newton: the step minimises gᵀs + ½sᵀHs within ‖s‖ ≤ Δ, and Δ adapts by
/// ρ = (f(x) − f(x + s)) / (−model) (Nocedal and Wright 2006, Algorithm 4.1; Conn, Gould and
/// Toint 2000): ρ < ¼ shrinks Δ to ¼·min(Δ, ‖s‖) (so a rejected interior step is not tried
/// again); ρ > ¾ with s on the boundary doubles it (at most `maxRadius`); the step is accepted
/// when ρ > η = 0.1, else it is solved again with the smaller radius at the same point. A driver
/// step is one accepted step, so f never rises (beyond rounding: `DecreaseRatio`); 60 rejections
/// in a row stop the run `"stalled"`.
///
/// ## Solvers
/// - ``TrustSolver/cg``: Steihaug–Toint CG from 0 to the residual min(0.5, √‖g‖)·‖g‖ (scipy's
///   forcing term), stopping at the boundary or on the first direction of non-positive curvature,
///   which it follows to the boundary. One product per CG iteration, at most `krylov` (default 50)
///   per trial; a rejected step runs CG again.
/// - ``TrustSolver/lanczos``: the exact minimiser over the Lanczos space from g, T indefinite and
///   the hard case of the small problem handled (`ModelSubproblem`, Moré–Sorensen on the
///   tridiagonal), stopped at the model residual min(0.1, √‖g‖)·‖g‖ or `krylov` vectors (at most m). It follows
///   negative curvature inside the space, where CG stops at its first sign. A rejected step
///   reuses the tridiagonal.
///
/// Guarantee (Conn, Gould and Toint 2000, Thms 6.4.6 and 6.6.8): ‖g‖ → 0 for f bounded below with
/// bounded Hessians, since both solvers decrease the model at least as much as the Cauchy point.
/// Neither Krylov space contains a direction g is orthogonal to, so an exact saddle (g = 0) is not
/// left by the model step: with `escape` (default), a point with ‖g‖ ≤ tol and negative curvature
/// is left by ``CurvatureEscape`` (first length Δ), so `converged` means a second-order
/// stationary point.
public struct TrustRegion: StepMethod {
    /// The current radius Δ.
    public private(set) var radius: Double
    /// The subproblem solver.
    public var solver: TrustSolver
    /// The most products per subproblem (CG iterations or Lanczos vectors).
    public var krylov: Int
    /// Whether saddles are left along negative curvature.
    public var escape: Bool
    /// The largest radius.
    public var maxRadius: Double
    /// The acceptance threshold on ρ.
    public static let eta = 0.1
    /// The most memory the kept Lanczos basis may take, in bytes (also the escape's); beyond it the
    /// basis is regenerated: O(m) memory, k − 1 more products per trial step.
    public var basisBudget = LanczosFunction.Storage.defaultBudget {
        didSet { escaper.basisBudget = basisBudget }
    }
    private var escaper = CurvatureEscape()
    private var rejected = 0
    private var innerIterations = 0

    /// A trust-region method from radius Δ₀ = `radius` (> 0), whose radius grows to at most 10¹⁰·Δ₀.
    public init(radius: Double = MethodDefaults.radius, solver: TrustSolver = MethodDefaults.trustSolver,
                krylov: Int = MethodDefaults.modelKrylov, escape: Bool = MethodDefaults.escape) {
        precondition(radius > 0 && radius.isFinite, "radius must be positive")
        precondition(krylov >= 1, "krylov must be at least 1")
        self.radius = radius; self.solver = solver; self.krylov = krylov; self.escape = escape
        maxRadius = 1e10 * radius
    }

    /// `"trust"`.
    public var name: String { "trust" }

    /// `radius` (the last Δ), `rejected`, `inner` (CG iterations or Lanczos vectors over the run),
    /// and `escapes` with escape.
    public var extra: [String: Double] {
        var e = ["radius": radius, "rejected": Double(rejected), "inner": Double(innerIterations)]
        if escape { e["escapes"] = Double(escaper.escapes) }
        return e
    }

    /// ‖g‖ ≤ tol, and with escape no negative curvature found.
    public mutating func hasConverged(at current: Iterate, in context: StepContext) throws(MethodStop) -> Bool {
        escape ? try escaper.isStationary(current, in: context) : current.gnorm <= context.tol
    }

    /// An escape step at a saddle, else one accepted trust-region step (after any rejections).
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        if escape, let d = try escaper.direction(at: current, in: context) {
            return try escaper.step(from: current, along: d, initialLength: radius, in: context)
        }
        let x = current.x
        // The forcing term: scipy's for CG; a tighter one for Lanczos, whose extra vectors are what
        // lets the step turn along negative curvature the first vector does not show.
        let forcing = min(solver == .cg ? 0.5 : 0.1, current.gnorm.squareRoot()) * current.gnorm
        var space: KrylovModel?
        if solver == .lanczos {
            space = try KrylovModel(gradient: current.gradient, model: .trust(radius: radius), maxSteps: krylov, basisBudget: basisBudget,
                                    tolerance: { _ in forcing }, in: context, at: x)
            innerIterations += space?.steps ?? 0
        }
        for _ in 0..<60 {
            let (s, model, boundary) = try subproblem(current, forcing: forcing, space: &space, in: context)
            let next = try context.iterate(at: Vec.add(x, s))
            let predicted = -model
            let rho = DecreaseRatio.rho(from: current.f, to: next, predicted: predicted)
            let used = radius
            if rho < 0.25 {
                radius = max(0.25 * min(radius, Vec.norm(s)), .leastNormalMagnitude)
            } else if rho > 0.75 && boundary {
                radius = min(2 * radius, maxRadius)
            }
            if rho > Self.eta { return StepReport(next: next, note: String(format: "Δ=%g", used)) }
            rejected += 1
            guard radius > 1e-300 else { break }
        }
        throw .stalled
    }

    /// The step, its model value and whether it lies on the boundary, by the chosen solver.
    private mutating func subproblem(_ current: Iterate, forcing: Double, space: inout KrylovModel?,
                                     in context: StepContext) throws(MethodStop) -> ([Double], Double, Bool) {
        let x = current.x
        if var krylovSpace = space {
            let solution = try krylovSpace.solve(.trust(radius: radius))
            let s = try krylovSpace.vector(solution, in: context, at: x)
            space = krylovSpace
            return (s, solution.model, solution.onBoundary)
        }
        let cg: SteihaugCG
        do {
            cg = try SteihaugCG(gradient: current.gradient, radius: radius, tolerance: forcing, maxIterations: krylov) { v in
                try context.hessianVectorProduct(at: x, v)
            }
        } catch let stop as MethodStop { throw stop } catch { throw .nonFinite }
        innerIterations += cg.iterations
        guard Vec.allFinite(cg.step) else { throw .nonFinite }
        return (cg.step, cg.model, cg.onBoundary)
    }
}

extension Methods {
    /// `trust(f, x0, radius=1, solver="cg", krylov=50, escape=true)`: trust-region Newton (see ``TrustRegion``).
    public static func trust(_ objective: any Objective, x0: [Double], radius: Double = MethodDefaults.radius,
                             solver: TrustSolver = MethodDefaults.trustSolver, krylov: Int = MethodDefaults.modelKrylov,
                             escape: Bool = MethodDefaults.escape, options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(TrustRegion(radius: radius, solver: solver, krylov: krylov, escape: escape),
                   on: objective, from: x0, options: options)
    }
}
