// `sgd`: stochastic gradient descent with classical momentum and gradient-norm clipping.
import SFNNumerics

/// SGD with classical (heavy-ball) momentum: v ← μ·v − lr·g, θ ← θ + v, where g is the gradient
/// clipped to norm at most `clip` (when set).
///
/// Minibatches are chosen by the caller through the objective (each step's gradient may come from
/// a different batch); on a plain objective this is full-batch gradient descent with momentum, and
/// with μ = 0 and no clipping it takes exactly `gd`'s steps.
public struct SGD: StepMethod {
    /// The learning rate (the contract's `lr`).
    public var learningRate: Double
    /// μ, the fraction of the previous velocity kept (0: no momentum).
    public var momentum: Double
    /// Largest gradient norm used in a step; nil for no clipping.
    public var clip: Double?
    var velocity: [Double] = []

    /// SGD with the defaults of ``MethodDefaults`` (lr 0.01, no momentum) and no clipping.
    public init(learningRate: Double = MethodDefaults.learningRate, momentum: Double = MethodDefaults.momentum,
                clip: Double? = nil) {
        self.learningRate = learningRate; self.momentum = momentum; self.clip = clip
    }

    /// `"sgd"`.
    public var name: String { "sgd" }

    /// One momentum step from the (possibly clipped) gradient: one evaluation; the note says
    /// `clipped` when clipping applied.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        if velocity.count != current.x.count { velocity = [Double](repeating: 0, count: current.x.count) }
        var scale = 1.0
        if let c = clip, current.gnorm > c, current.gnorm > 0 { scale = c / current.gnorm }
        for i in 0..<velocity.count {
            velocity[i] = momentum * velocity[i] - learningRate * scale * current.gradient[i]
        }
        var x = current.x
        Vec.axpy(1, velocity, &x)
        return StepReport(next: try context.iterate(at: x), note: scale < 1 ? "clipped" : "")
    }
}

extension Methods {
    /// `sgd(f, x0, lr=0.01, momentum=0, clip=…)` on a full-batch objective.
    public static func sgd(_ objective: any Objective, x0: [Double], lr: Double = MethodDefaults.learningRate, momentum: Double = MethodDefaults.momentum,
                           clip: Double? = nil, options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(SGD(learningRate: lr, momentum: momentum, clip: clip), on: objective, from: x0, options: options)
    }
}
