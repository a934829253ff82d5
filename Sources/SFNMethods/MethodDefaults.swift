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
    /// `sfn`: the exact method (no Krylov subspace), one step per subspace, escape along negative
    /// curvature at first-order stationary points.
    public static let krylov = 0
    public static let inner = 1
    public static let escape = true
    /// `sfhf`: the route, the ODE route's Runge–Kutta steps and CG budget, the step scale, the
    /// Lanczos budget, and the ODE mesh's grading.
    public static let sfhfRoute = SFHFRoute.lanczos
    public static let odeSteps = 20
    public static let cgIterations = 250
    public static let sfhfLearningRate = 1.0
    public static let lanczosSteps = 400
    public static let grading = 6.0
    /// `lbfgs`: the pairs kept.
    public static let memory = 10
    /// `critical`: its own step budget (Newton to the nearest critical point converges fast or not
    /// at all).
    public static let criticalSteps = 50
}
