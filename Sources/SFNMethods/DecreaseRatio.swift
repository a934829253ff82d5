// ρ = actual / predicted decrease, the acceptance test of arc and trust, guarded against rounding.

/// The ratio of the actual decrease f(x) − f(x + s) to the model's predicted decrease.
///
/// Near a minimiser both decreases fall below what f's rounding can show (about ε·|f|), and the
/// plain ratio is noise: a method that rejects on it stalls with ‖g‖ just above tol (measured: trust
/// on 8 rotated quartic saddles stopped at ‖g‖ = 3·10⁻⁸, f = −8). As Conn, Gould and Toint advise
/// (2000, §17.4.2), when actual and predicted decrease agree to within δ = 10ε·max(1, |f|) the
/// ratio counts as 1, even when f rose by rounding (at most δ): the model, not f, then tells
/// whether the step is good, and the gradient keeps falling to tol. So these methods' f never rises
/// by more than δ (sfhf allows 10⁻¹⁴·max(1, |f|)).
enum DecreaseRatio {
    /// ρ, or −∞ when the trial is not finite or the model predicts no decrease.
    static func rho(from f: Double, to next: Iterate, predicted: Double) -> Double {
        guard next.isFinite, predicted > 0 else { return -.infinity }
        let actual = f - next.f
        let delta = 10 * Double.ulpOfOne * max(1, abs(f))
        if actual >= -delta && abs(actual - predicted) <= delta { return 1 }
        return actual / predicted
    }

    /// Whether a decrease of `actual` where the first-order model predicts `slope·1` (< 0) is
    /// sufficient (Armijo with constant c), with the same allowance for rounding.
    static func armijo(from f: Double, to next: Iterate, slope: Double, c: Double = 1e-4) -> Bool {
        guard next.isFinite, slope < 0 else { return false }
        if next.f <= f + c * slope { return true }
        let delta = 10 * Double.ulpOfOne * max(1, abs(f))
        return next.f <= f + delta && abs(slope) <= delta
    }
}
