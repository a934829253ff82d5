// Optimiser commands: gd, sgd, newton, sfn, sfhf, arc, trust, rsfn, lbfgs. Each is one entry; the engine's shared driver
// does the iterating, and `runOptimiser` the options, progress lines and record.
import SFNMethods
import SFNSyntax

extension Builtins {
    /// `clip=` of sgd, newton and sfn: a positive length (a gradient norm, a step), or none.
    static var clipOption: Builtin.Parameter { .named("clip", accepts: .positive) }

    /// `damping=`: "auto" or a number λ ≥ 0.
    static func dampingOption(_ d: Damping) -> Builtin.Parameter {
        .named("damping", dampingValue(d), accepts: .nonNegative)
    }

    /// The help the escaping methods share (sfhf, arc, trust, rsfn).
    static let matrixFreeEscapeHelp = """
        escape=true: where ‖∇f‖ ≤ tol, a Lanczos run from a random (seeded) start looks for negative curvature
        with H·v products only (until the lowest Ritz pair settles, at most min(m, 100) products); if the
        lowest Ritz value is below −1e-6·max(1, max |Ritz value|), the step leaves along its Ritz vector,
        trying both sides and doubling or halving the length until f falls, so f never rises and converged
        means a second-order stationary point (as for sfn). The record adds escapes.
        """

    /// A damping default as the language writes it: a number, or "auto".
    static func dampingValue(_ d: Damping) -> Value {
        switch d {
        case .auto: return .string("auto")
        case .fixed(let lambda): return .number(lambda)
        }
    }

    static var optimisers: [Builtin] { [
        Builtin("gd", category: .optimiser, summary: "gradient descent with a fixed learning rate",
                help: "θ ← θ − lr·∇f(θ). Slow on the plateau around a saddle.\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), .named("lr", .number(MethodDefaults.learningRate), accepts: .positive)]
                    + optimiserOptions()) { args in
            let lr = try args.number("lr")
            return try runOptimiser(args) { p, o in Methods.gd(p.objective, x0: p.x0, lr: lr, options: o) }
        },
        Builtin("sgd", category: .optimiser, summary: "minibatch SGD with classical momentum and gradient-norm clipping",
                help: """
                    v ← momentum·v − lr·g, θ ← θ + v, with g clipped to norm ≤ clip when clip is given.
                    With data=D (f is f(w, batch)): each step's gradient is on the next batch= rows (default: all
                    n rows, which is full-batch descent), in an order shuffled every epoch by seed=; the last
                    batch of an epoch holds the remaining rows when batch does not divide n. epochs=e runs
                    e passes over the data (steps = e·⌈n/batch⌉; do not give steps= too). With minibatches,
                    history holds the loss of the batch at each iterate, while f and gnorm are recomputed on
                    all of D at the final x; the record adds batch and epochs (passes made).
                    Without data= the gradient is the full objective's.
                    """ + "\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), .named("lr", .number(MethodDefaults.learningRate), accepts: .positive),
                             .named("momentum", .number(MethodDefaults.momentum), accepts: .halfOpen(0, 1)),
                             clipOption, .named("batch", shown: "n", accepts: .whole(1...Int.max)),
                             .named("epochs", accepts: .whole(0...Int.max)), .named("seed", .number(0), accepts: .whole(0...Int.max))]
                    + optimiserOptions()) { args in
            let lr = try args.number("lr"), momentum = try args.number("momentum")
            let clip = try args.optionalNumber("clip")
            let plan = try minibatchPlan(args)
            return try runOptimiser(args, count: plan?.count) { p, o in
                try minibatchSGD(args, p, o, plan, lr: lr, momentum: momentum, clip: clip)
            }
        },
        Builtin("newton", category: .optimiser, summary: "Newton's method: solves (H + λI)Δ = −∇f",
                help: """
                    damping=0: the pure step −H⁻¹∇f, which is attracted to saddles (it jumps onto a saddle of a
                    quadratic in one step). A number λ: fixed damping (H + λI). "auto": each step tries λ in
                    {1, 1e-1, …, 1e-5} and keeps the one that most reduces f (with Armijo's sufficient
                    decrease). The ladder slides: when its smallest rung is the one kept, the next step's
                    ladder reaches a decade lower (1e-6, 1e-7, …, down to 1e-20·max(1, s), s the largest
                    absolute row sum of H), and it comes back up to the rung kept as soon as a larger one wins. If no rung lowers f, λ climbs on,
                    10, 100, …, until one does (Levenberg–Marquardt), so f never rises. Each rung costs one
                    evaluation of f. A singular system stops with reason "singular".
                    clip=c: a step longer than c is scaled to length c before f is evaluated there (Pascanu
                    et al.'s rescaling, as Dauphin et al. clip their recurrent networks' steps).
                    """ + "\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), dampingOption(MethodDefaults.newtonDamping), clipOption]
                    + optimiserOptions()) { args in
            let damping = try args.damping("damping")
            let clip = try args.optionalNumber("clip")
            return try runOptimiser(args, fullHessian: true) { p, o in
                Methods.newton(p.objective, x0: p.x0, damping: damping, clip: clip, options: o)
            }
        },
        Builtin("sfn", category: .optimiser, summary: "saddle-free Newton: −(|H| + λI)⁻¹∇f, repelled by saddles",
                help: """
                    |H| replaces the Hessian's eigenvalues by their absolute values (Dauphin et al. 2014), so
                    directions of negative curvature are descended instead of climbed. damping="auto" tries λ in
                    {1, 1e-1, …, 1e-5} each step and keeps the one that most reduces f, climbing to 10, 100, …
                    if none does; as in newton the ladder slides a decade lower each time its smallest rung
                    wins, down to 1e-20·max(1, max |eigenvalue|) (of H, or the Ritz values with krylov=k),
                    and comes back up when a larger rung wins. A number fixes λ.
                    escape=true: where ∇f vanishes but H has a negative eigenvalue, step along that eigenvector
                    (the direction that lowers f), so converged means a second-order stationary point.
                    krylov=0 is the exact method (a full eigendecomposition per step); krylov=k works in the
                    k-dimensional Krylov subspace from Lanczos started at the gradient, the previous step as its
                    last vector, taking `inner` steps inside one subspace (Dauphin et al., Algorithms 1 and 2).
                    clip=c: a step longer than c is scaled to length c before f is evaluated there, every rung
                    of the ladder alike (Dauphin et al., appendix F.3, after Pascanu et al.); the escape step
                    is not clipped.
                    """ + "\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), dampingOption(MethodDefaults.saddleFreeDamping),
                             .named("krylov", .number(Double(MethodDefaults.krylov)), accepts: .whole(0...100_000)),
                             .named("inner", .number(Double(MethodDefaults.inner)), accepts: .whole(1...100_000)),
                             .named("escape", .bool(MethodDefaults.escape)), clipOption]
                    + optimiserOptions()) { args in
            let damping = try args.damping("damping")
            let escape = try args.bool("escape")
            let krylov = try args.int("krylov")
            let inner = try args.int("inner")
            let clip = try args.optionalNumber("clip")
            return try runOptimiser(args, fullHessian: krylov == 0) { p, o in
                if krylov > 0 { try checkLanczosBasis(args, "krylov", k: krylov, dimension: p.dimension) }
                return Methods.sfn(p.objective, x0: p.x0, damping: damping, krylov: krylov, inner: inner, escape: escape,
                            clip: clip, options: o)
            }
        },
        Builtin("sfhf", category: .optimiser, summary: "saddle-free Hessian-free: solves (H² + λI)Δ = −|H|∇f with only H·v products, O(m) memory",
                help: """
                    Δ = −(H² + λI)⁻¹|H|∇f, then θ ← θ + lr·Δ: |H|⁻¹ as in sfn where H² ≫ λ, a short gradient step
                    where H² ≪ λ. damping="auto" adapts λ Levenberg–Marquardt style (starting at 1e-3 times
                    λmax(H)²; a step that raises f is retried with 10λ); a number fixes it.
                    method="lanczos" (the default): Δ is one function of H applied to ∇f, −φ(H)∇f with
                    φ(x) = |x|/(x² + λ), taken from a Lanczos process started at ∇f: one H·v per step, stopped
                    when the direction settles (to about 3e-3) or after lanczos steps. basis="auto" keeps the
                    Lanczos vectors when m·lanczos doubles fit in 64 MB, else regenerates them in a second pass
                    (twice the products, O(m) memory); "keep" or "regenerate" choose. A retried λ reuses the
                    Lanczos run. With damping=0, directions of zero curvature get no step (−|H|⁺∇f).
                    The record adds lanczos_steps.
                    method="ode" is Arjovsky's (2015) route: y = |H|∇f = √s·A^½∇f with A = H²/s (s bounds H²'s
                    largest eigenvalue), A^½∇f from the ODE x'(t) = −½(tA + (1−t)I)⁻¹(I − A)x(t), x(0) = ∇f,
                    integrated by Runge–Kutta in ode_steps steps with CG inner solves (at most cg iterations),
                    then CG on (H² + λI)Δ = −y. It integrates on the graded mesh t = 1 − (1 − τ)^grading, which
                    resolves the square root's singularity at t = 1; grading=1 is the paper's uniform mesh.
                    Thousands of H·v per step; the record adds cg_iters and ode_steps.
                    """ + "\n" + matrixFreeEscapeHelp + "\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), dampingOption(MethodDefaults.saddleFreeDamping),
                             .named("method", .string(MethodDefaults.sfhfRoute.rawValue), accepts: .oneOf(SFHFRoute.allCases.map(\.rawValue))),
                             .named("ode_steps", .number(Double(MethodDefaults.odeSteps)), accepts: .whole(1...100_000)),
                             .named("cg", .number(Double(MethodDefaults.cgIterations)), accepts: .whole(1...10_000_000)),
                             .named("lr", .number(MethodDefaults.sfhfLearningRate), accepts: .positive),
                             .named("lanczos", .number(Double(MethodDefaults.lanczosSteps)), accepts: .whole(1...1_000_000)),
                             .named("basis", .string("auto"), accepts: .oneOf(["auto", "keep", "regenerate"])),
                             .named("grading", .number(MethodDefaults.grading), accepts: .closed(1, 100)),
                             .named("escape", .bool(MethodDefaults.escape))]
                    + optimiserOptions()) { args in
            let damping = try args.damping("damping")
            // method= and basis= are declared with their choices: the binder has refused any other.
            let route = SFHFRoute(rawValue: try args.string("method")) ?? MethodDefaults.sfhfRoute
            let odeSteps = try args.int("ode_steps")
            let cg = try args.int("cg")
            let lr = try args.number("lr")
            let lanczos = try args.int("lanczos")
            var settings = SFHFSettings()
            switch try args.string("basis") {
            case "keep": settings.storage = .keep
            case "regenerate": settings.storage = .regenerate
            default: settings.storage = nil  // "auto"
            }
            settings.grading = try args.number("grading")
            let escape = try args.bool("escape")
            return try runOptimiser(args) { p, o in
                Methods.sfhf(p.objective, x0: p.x0, damping: damping, route: route, odeSteps: odeSteps, cg: cg,
                             lanczos: lanczos, lr: lr, settings: settings, escape: escape, options: o)
            }
        },
        Builtin("arc", category: .optimiser, summary: "adaptive cubic regularisation: minimises gᵀs + ½sᵀHs + σ/3‖s‖³ with H·v products only",
                help: """
                    Cartis, Gould and Toint (2011). Each step minimises the cubic model m(s) = gᵀs + ½sᵀHs + σ/3‖s‖³
                    over the Lanczos (Krylov) space from ∇f: the secular equation (T + λI)h = −‖g‖e₁, λ = σ‖h‖,
                    on the Lanczos tridiagonal T (indefinite T and the hard case handled). Lanczos stops when
                    the model's gradient is ≤ 0.1·min(1, ‖s‖)·‖∇f‖, or at krylov vectors (default 50, at most m).
                    σ adapts by ρ = actual/predicted decrease: ρ ≥ 0.9 accepts and halves σ (not below 1e-10),
                    ρ ≥ 0.1 accepts, otherwise the step is rejected, σ doubles and the model is solved again on the
                    same T; so f never rises (beyond rounding, 10ε·max(1, |f|), where a decrease the model predicts
                    is below what f can show). Cost per step: one H·v per Lanczos vector plus one evaluation per
                    trial (with m·krylov doubles over 64 MB the basis is regenerated: k − 1 more H·v per trial);
                    memory O(m·krylov), O(m) regenerated.
                    Guarantee: ‖∇f‖ ≤ ε within O(ε^(-3/2)) steps for a Lipschitz Hessian; with escape, a
                    second-order stationary point. The record adds sigma (the last σ), rejected, lanczos_steps.
                    """ + "\n" + matrixFreeEscapeHelp + "\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), .named("sigma", .number(MethodDefaults.sigma), accepts: .positive),
                             .named("krylov", .number(Double(MethodDefaults.modelKrylov)), accepts: .whole(1...100_000)),
                             .named("escape", .bool(MethodDefaults.escape))]
                    + optimiserOptions()) { args in
            let sigma = try args.number("sigma")
            let krylov = try args.int("krylov")
            let escape = try args.bool("escape")
            return try runOptimiser(args) { p, o in
                Methods.arc(p.objective, x0: p.x0, sigma: sigma, krylov: krylov, escape: escape, options: o)
            }
        },
        Builtin("trust", category: .optimiser, summary: "trust-region Newton: minimises gᵀs + ½sᵀHs within ‖s‖ ≤ radius, with H·v products only",
                help: """
                    Each step minimises the model gᵀs + ½sᵀHs within ‖s‖ ≤ Δ. solver="cg" (default) is Steihaug–Toint
                    conjugate gradients (as scipy's trust-ncg): CG from 0, stopping at the residual
                    min(0.5, √‖∇f‖)·‖∇f‖, at the boundary, or at the first direction of negative curvature, which it
                    follows to the boundary. solver="lanczos" (as scipy's trust-krylov, GLTR) minimises the model
                    over the Lanczos space from ∇f exactly (Moré–Sorensen on the tridiagonal, indefinite T and the
                    hard case handled), so it follows negative curvature inside the space; it stops at the model
                    residual min(0.1, √‖∇f‖)·‖∇f‖. Either stops at krylov H·v (default 50; Lanczos at most m).
                    The radius adapts by ρ = actual/predicted decrease: ρ < 0.25 shrinks Δ to ¼·min(Δ, ‖s‖),
                    ρ > 0.75 with s on the boundary doubles it (up to 1e10·radius); the step is accepted when
                    ρ > 0.1, else solved again with the smaller Δ; so f never rises (beyond rounding, as arc).
                    Cost per step: one H·v per
                    CG iteration (again for each rejected trial) or per Lanczos vector (a rejected trial reuses
                    T), plus one evaluation per trial.
                    Guarantee: ‖∇f‖ → 0 for f bounded below with bounded Hessians; with escape, a second-order
                    stationary point. The record adds radius (the last Δ), rejected, inner (CG iterations or
                    Lanczos vectors).
                    """ + "\n" + matrixFreeEscapeHelp + "\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), .named("radius", .number(MethodDefaults.radius), accepts: .positive),
                             .named("solver", .string(MethodDefaults.trustSolver.rawValue), accepts: .oneOf(TrustSolver.allCases.map(\.rawValue))),
                             .named("krylov", .number(Double(MethodDefaults.modelKrylov)), accepts: .whole(1...100_000)),
                             .named("escape", .bool(MethodDefaults.escape))]
                    + optimiserOptions()) { args in
            let radius = try args.number("radius")
            // solver= is declared with its choices: the binder has refused any other.
            let solver = TrustSolver(rawValue: try args.string("solver")) ?? MethodDefaults.trustSolver
            let krylov = try args.int("krylov")
            let escape = try args.bool("escape")
            return try runOptimiser(args) { p, o in
                Methods.trust(p.objective, x0: p.x0, radius: radius, solver: solver, krylov: krylov, escape: escape, options: o)
            }
        },
        Builtin("rsfn", category: .optimiser, summary: "regularised saddle-free Newton: −(H² + c‖∇f‖·I)^(-1/2)∇f with only H·v products",
                help: """
                    R-SFN (Simpson's thesis, nrummel/SFN.jl): Δ = −(H² + λI)^(-1/2)∇f with λ = c·‖∇f‖, a smooth |H|
                    whose eigenvalues √(μ² + λ) are never below √λ, so the step is saddle-free Newton's −|H|⁻¹∇f
                    where μ² ≫ λ and a gradient step of length at most √(‖∇f‖/c) where μ² ≪ λ; λ vanishes as ∇f
                    does. The direction is one function of H applied to ∇f, taken from a Lanczos process started
                    at ∇f (as sfhf's lanczos route): one H·v per Lanczos step, stopped when it settles (to about
                    3e-3) or after lanczos steps. The step is accepted with Armijo's sufficient decrease; then c
                    halves (not below 1e-10) if it was the first c tried, else c is multiplied by 4 and the
                    direction recomputed from the same Lanczos run (no new H·v while the basis fits in 64 MB), so
                    f never rises (beyond rounding, as arc). Cost per step: the Lanczos steps (tens to hundreds of H·v) plus one evaluation
                    per trial. Guarantee: f decreases every step; with escape, a second-order stationary point.
                    The record adds c (the last c), lambda (the last λ), rejected, lanczos_steps.
                    """ + "\n" + matrixFreeEscapeHelp + "\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), .named("c", .number(MethodDefaults.rsfnC), accepts: .positive),
                             .named("lanczos", .number(Double(MethodDefaults.lanczosSteps)), accepts: .whole(1...1_000_000)),
                             .named("escape", .bool(MethodDefaults.escape))]
                    + optimiserOptions()) { args in
            let c = try args.number("c")
            let lanczos = try args.int("lanczos")
            let escape = try args.bool("escape")
            return try runOptimiser(args) { p, o in
                Methods.rsfn(p.objective, x0: p.x0, c: c, lanczos: lanczos, escape: escape, options: o)
            }
        },
        Builtin("lbfgs", category: .optimiser, summary: "limited-memory BFGS, a quasi-Newton baseline",
                help: "Two-loop recursion over the last `memory` steps, with a line search.\n" + optimiserHelp,
                parameters: [.required("f"), .required("x0"), .named("memory", .number(Double(MethodDefaults.memory)), accepts: .whole(1...10_000))]
                    + optimiserOptions()) { args in
            let memory = try args.int("memory")
            return try runOptimiser(args) { p, o in Methods.lbfgs(p.objective, x0: p.x0, memory: memory, options: o) }
        },
    ] }
}
