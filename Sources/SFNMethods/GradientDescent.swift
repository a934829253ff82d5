// `gd`: plain gradient descent with a fixed learning rate.
import SFNNumerics

/// Gradient descent: θ ← θ − lr·∇f(θ).
///
/// ## Algorithm
/// One gradient per step, no line search: the step length is `lr` times the gradient, so a
/// learning rate above 2/λ_max diverges (and stops with `"non-finite"` once f overflows). Near a
/// saddle the escape along a direction of curvature −|λ| is only geometric with ratio 1 + lr·|λ|,
/// which is why gd lingers at saddles (Dauphin et al. 2014, §4).
public struct GradientDescent: StepMethod {
    /// The learning rate (the contract's `lr`).
    public var learningRate: Double

    /// Gradient descent with step `learningRate`·∇f (default ``MethodDefaults/learningRate``).
    public init(learningRate: Double = MethodDefaults.learningRate) { self.learningRate = learningRate }

    /// `"gd"`.
    public var name: String { "gd" }

    /// θ − lr·∇f(θ): one evaluation.
    public mutating func step(from current: Iterate, in context: StepContext) throws(MethodStop) -> StepReport {
        var x = current.x
        Vec.axpy(-learningRate, current.gradient, &x)
        return StepReport(next: try context.iterate(at: x))
    }
}

extension Methods {
    /// `gd(f, x0, lr=0.01)`: gradient descent with a fixed learning rate.
    ///
    ///     let r = Methods.gd(f, x0: [1, 1], lr: 0.1, options: RunOptions(steps: 50))
    public static func gd(_ objective: any Objective, x0: [Double], lr: Double = MethodDefaults.learningRate,
                          options: RunOptions = RunOptions()) -> MethodResult {
        Driver.run(GradientDescent(learningRate: lr), on: objective, from: x0, options: options)
    }
}
