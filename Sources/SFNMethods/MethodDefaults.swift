// Every optimiser's default settings, in one place: the Swift API's default arguments and the
// language's parameter declarations (and so its signatures and :help) both read these.

/// The default settings of the methods, as LANGUAGE.md §6 gives them.
public enum MethodDefaults {
    /// Iterations of an optimiser run (``RunOptions/steps``).
    public static let steps = 100
    /// The convergence test ‖∇f‖ ≤ tol (``RunOptions/tol``).
    public static let tolerance = 1e-8
    /// The learning rate of `gd` and `sgd`.
    public static let learningRate = 0.01
    /// `sgd`'s classical momentum.
    public static let momentum = 0.0
    /// `newton`: the pure step, −H⁻¹∇f.
    public static let newtonDamping = Damping.undamped
    /// `sfn` and `sfhf`: the per-step damping search.
    public static let saddleFreeDamping = Damping.auto
    /// `sfn`'s `krylov=`: 0, the exact method (a full eigendecomposition per step).
    public static let krylov = 0
    /// `sfn`'s `inner=`: one step per Krylov subspace.
    public static let inner = 1
    /// `sfn`'s `escape=`: step along negative curvature at first-order stationary points.
    public static let escape = true
    /// `sfhf`'s `method=`: the Lanczos route.
    public static let sfhfRoute = SFHFRoute.lanczos
    /// `sfhf`'s `ode_steps=`: Runge–Kutta steps of the ODE route.
    public static let odeSteps = 20
    /// `sfhf`'s `cg=`: the CG budget of each inner solve of the ODE route.
    public static let cgIterations = 250
    /// `sfhf`'s `lr=`: the step scale.
    public static let sfhfLearningRate = 1.0
    /// `sfhf`'s `lanczos=`: the Lanczos route's step budget.
    public static let lanczosSteps = 400
    /// `sfhf`'s `grading=`: the ODE route's time mesh, t = 1 − (1 − τ)^grading.
    public static let grading = 6.0
    /// `arc`'s `sigma=`: the first σ of the cubic term σ/3‖s‖³.
    public static let sigma = 1.0
    /// `trust`'s `radius=`: the first trust-region radius.
    public static let radius = 1.0
    /// `trust`'s `solver=`: Steihaug–Toint CG.
    public static let trustSolver = TrustSolver.cg
    /// `arc`'s and `trust`'s `krylov=`: the most Lanczos vectors (at most m) or CG iterations per
    /// subproblem.
    public static let modelKrylov = 50
    /// `rsfn`'s `c=`: the first c of λ = c‖∇f‖.
    public static let rsfnC = 1.0
    /// `lbfgs`: the pairs kept.
    public static let memory = 10
    /// `critical`: its own step budget (Newton to the nearest critical point converges fast or not
    /// at all).
    public static let criticalSteps = 50
}
